/**
 * The Dockerfile front end: parsing (BuildKit's grammar and messages), variable
 * expansion, and the multi-stage model. Pure logic: nothing here touches the
 * filesystem or runs anything.
 */
export { parseDockerfile, parseOnbuildTrigger, type Dockerfile } from './dockerfile.js';
export { DockerfileError } from './errors.js';
export type * from './instructions.js';
export type { Heredoc } from './heredoc.js';
export type { ParseWarning } from './parser.js';
export type { Directive, DirectiveName } from './directives.js';
export { expandInstruction, runMounts } from './expand.js';
export type { RunMount, MountType, CacheSharing } from './run-mount.js';
export { ShellLex, envFromList, emptyEnv, type Env, type LexOptions, type WordResult } from './shell-lex.js';
export { parseStages, platformArgs, BuildPlan, type Stage, type StageBase, type StageOptions, type PlatformArgs } from './stages.js';
