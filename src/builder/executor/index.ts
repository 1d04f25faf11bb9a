export { Builder } from './builder.js';
export type { BuilderDeps, BuildImageStore, RemoveImage } from './deps.js';
