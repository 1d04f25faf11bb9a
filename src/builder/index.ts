/**
 * The builder's entry for the composition root: `Builder` (the BuildService) and
 * what it is built from. The CLI enters through `context/index.ts` instead, so it
 * never loads the executor.
 */
export { Builder, type BuilderDeps, type BuildImageStore, type RemoveImage } from './executor/index.js';
