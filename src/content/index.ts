export { LocalContentStore } from './store.js';
export type { BlobInfo, ContentReader, ContentStore, ContentWriter } from './types.js';
