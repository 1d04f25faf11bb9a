export { Builder } from './builder.js';
export type { BuilderDeps, BuildImageStore } from './deps.js';
