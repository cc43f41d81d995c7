/**
 * @module
 * Node makers that skip `yaml`'s constructors (see `lightNodes`), shared by the writer (codec.ts) and the fast
 * composer of input items (fast-compose.ts).
 */
import { Pair, Scalar, YAMLMap, YAMLSeq, isCollection, isMap, isNode, isPair, isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';

/**
 * Makers of nodes for new content that skip `yaml`'s constructors: those give every node its type with
 * `Object.defineProperty` (a non-enumerable symbol), about a microsecond per node, which dominated writing back
 * hundreds of values per injected pod. Here each class's prototype carries the type once (a node's own type, set by
 * `yaml`, still wins), so a node made with `Object.create` is a node to `isScalar`/`isMap`/`isNode`, has the class's
 * prototype and the same enumerable properties as a constructed one (`sameNode`, `nodeSignature` and `cloneNode` see
 * no difference). Collections get no `schema`, as with `new YAMLMap()`. Undefined (constructors are used) when this
 * `yaml` marks its nodes some other way.
 */
export const lightNodes: LightNodes | undefined = installLightNodes();

export interface LightNodes {
  scalar(value: unknown): Scalar;
  pair(key: Node, value: Node): Pair<Node, Node>;
  map(items: Pair<Node, Node>[]): YAMLMap;
  seq(items: Node[]): YAMLSeq;
}

function installLightNodes(): LightNodes | undefined {
  const classes = [new Scalar(null), new Pair(null), new YAMLMap(), new YAMLSeq()] as const;
  for (const instance of classes) {
    const [typeKey, ...others] = Object.getOwnPropertySymbols(instance);
    if (typeKey === undefined || others.length > 0) return undefined;
    const prototype = Object.getPrototypeOf(instance) as object;
    if (!Object.hasOwn(prototype, typeKey)) Object.defineProperty(prototype, typeKey, { value: (instance as unknown as Record<symbol, unknown>)[typeKey] });
  }
  const [scalarProto, pairProto, mapProto, seqProto] = classes.map((c) => Object.getPrototypeOf(c) as object) as [object, object, object, object];
  const light: LightNodes = {
    scalar(value) {
      const node = Object.create(scalarProto) as Scalar;
      node.value = value;
      return node;
    },
    pair(key, value) {
      const pair = Object.create(pairProto) as Pair<Node, Node>;
      pair.key = key;
      pair.value = value;
      return pair;
    },
    map(items) {
      const map = Object.create(mapProto) as YAMLMap;
      map.items = items;
      return map;
    },
    seq(items) {
      const seq = Object.create(seqProto) as YAMLSeq;
      seq.items = items;
      return seq;
    },
  };
  const probe = light.map([light.pair(light.scalar('a'), light.seq([]))]);
  const works = isMap(probe) && isPair(probe.items[0]) && isScalar(probe.items[0].key) && isSeq(probe.items[0].value) && isNode(probe) && isCollection(probe);
  return works ? light : undefined;
}
