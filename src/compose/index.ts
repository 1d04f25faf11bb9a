/** Compose's entry for `wharf compose …` (the docker CLI plugin has its own, plugin.ts). */
export { composeMain } from './main.js';
