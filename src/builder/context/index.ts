/**
 * The build context: .dockerignore with Docker's semantics, the walk that
 * decides what is sent, and COPY/ADD source resolution inside it.
 */
export { readDockerignore, ignoreMatcher, contextPatterns, PatternMatcher, Pattern, type ParentMatches } from './dockerignore.js';
export { walkContext, type ContextEntry, type EntryType } from './walk-context.js';
export { resolveCopySources, type CopySource } from './copy-sources.js';
export { cleanPath } from './go-path.js';
