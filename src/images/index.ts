export { LocalImageStore, tagReference, hostPlatform, type ImageStoreOptions } from './store.js';
export { applyChanges } from './changes.js';
export { chainIds, EMPTY_LAYER_DIFF_ID } from './layers.js';
export type * from './types.js';
