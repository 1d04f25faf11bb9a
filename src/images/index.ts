export { LocalImageStore, hostPlatform, type ImageStoreOptions } from './store.js';
export { tagReference } from './store-parts.js';
export { applyChanges } from './changes.js';
export { chainIds, EMPTY_LAYER_DIFF_ID, isIndex, selectManifest } from './layers.js';
export type * from './types.js';
