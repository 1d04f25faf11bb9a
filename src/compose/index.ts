/** Compose's entry for `wharf compose …` (the docker CLI plugin has its own, plugin.ts). */
export { composeMain } from './main.js';
/** The labels compose puts on what it creates (the dashboard finds a project's files by them). */
export { LABELS } from './types.js';
