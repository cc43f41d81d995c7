/**
 * @module
 * The functionConfig's `action` (ARCHITECTURE §6): a kpt pipeline or kustomize transformer has no command line, so
 * `action: uninject` or `action: check` in its config chooses the command. The three commands share the inject
 * command's configuration, so the choice is made per run from the configured options; an explicit command on the
 * command line (`uninject`, `--check`) does not come here.
 */
import type { ProcessContext, Processor } from '../krm/processor.ts';
import type { Item } from '../krm/object.ts';
import type { Result } from '../krm/result.ts';
import { checkProcessor } from './check.ts';
import { injectProcessor } from './inject.ts';
import type { InjectorContext } from './inject.ts';
import { uninjectProcessor } from './uninject.ts';

function chosen(context: ProcessContext<InjectorContext>): Processor<InjectorContext> {
  switch (context.config.options.action) {
    case 'uninject':
      return uninjectProcessor;
    case 'check':
      return checkProcessor;
    default:
      return injectProcessor;
  }
}

/** The inject command, or the one the functionConfig's `action` names. */
export const actionProcessor: Processor<InjectorContext> = {
  name: 'inject-sidecar',
  ...(injectProcessor.configure ? { configure: injectProcessor.configure } : {}),
  prepare: (context): readonly Result[] => chosen(context).prepare?.(context) ?? [],
  processItem: (item: Item, context): readonly Result[] => chosen(context).processItem?.(item, context) ?? [],
  processList: (items, context) => chosen(context).processList?.(items, context),
  listWanted: (context) => {
    const processor = chosen(context);
    return processor.processList !== undefined && (processor.listWanted?.(context) ?? true);
  },
  itemsIndependent: (context) => chosen(context).itemsIndependent?.(context) ?? false,
};
