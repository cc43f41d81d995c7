/** `npm run bench`: every benchmark figure, each a median with its baseline measured in the same run. */
import { benchRenderSidecar } from './render-sidecar.ts';

benchRenderSidecar();
