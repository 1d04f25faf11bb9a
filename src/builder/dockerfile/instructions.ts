/**
 * Typed Dockerfile instructions, as the builder dispatches them. Arguments are
 * as written (unexpanded); expand.ts applies the build environment to the
 * ones Docker expands.
 */
import type { Heredoc } from './heredoc.js';

export interface InstructionBase {
  /** The keyword as written (`run`, `RUN`…). */
  keyword: string;
  /** The instruction's text, continuations joined (what `docker history` shows). */
  original: string;
  /** 1-based lines the instruction spans, heredoc bodies included. */
  startLine: number;
  endLine: number;
}

export interface KeyValue {
  key: string;
  value: string;
  /** Written in the legacy `ENV key value` form. */
  legacy: boolean;
}

export interface CommandLine {
  /** Exec form: the argv. Shell form: one string for the stage's SHELL. */
  args: string[];
  shellForm: boolean;
}

/** A `COPY <<NAME /dst` heredoc: a file named NAME with this content. */
export interface InlineSource {
  path: string;
  data: string;
  /** The delimiter was unquoted, so the content is expanded. */
  expand: boolean;
}

export interface HealthConfig {
  /** ['NONE'], ['CMD', …argv] or ['CMD-SHELL', command]. */
  test: string[];
  /** Nanoseconds; 0 means inherit. */
  interval: number;
  timeout: number;
  startPeriod: number;
  startInterval: number;
  retries: number;
}

export interface RunMountSpec {
  /** The `--mount` CSV as written; see run-mount.ts for its expanded form. */
  spec: string;
  /** Its `from=` (a stage or image), known before expansion because it may not use variables. */
  from?: string;
}

export type NetworkMode = 'default' | 'none' | 'host';
export type SecurityMode = 'sandbox' | 'insecure';

export interface FromInstruction extends InstructionBase {
  kind: 'FROM';
  image: string;
  /** Lower-cased `AS name`. */
  stageName?: string;
  platform?: string;
}

export interface RunInstruction extends InstructionBase {
  kind: 'RUN';
  command: CommandLine;
  heredocs: Heredoc[];
  mounts: RunMountSpec[];
  network: NetworkMode;
  security: SecurityMode;
  devices: string[];
  /** Flags written, for builders that support none of them. */
  flagsUsed: string[];
}

export interface CmdInstruction extends InstructionBase {
  kind: 'CMD';
  command: CommandLine;
}

export interface EntrypointInstruction extends InstructionBase {
  kind: 'ENTRYPOINT';
  command: CommandLine;
}

export interface ShellInstruction extends InstructionBase {
  kind: 'SHELL';
  shell: string[];
}

export interface EnvInstruction extends InstructionBase {
  kind: 'ENV';
  env: KeyValue[];
}

export interface LabelInstruction extends InstructionBase {
  kind: 'LABEL';
  labels: KeyValue[];
}

export interface MaintainerInstruction extends InstructionBase {
  kind: 'MAINTAINER';
  maintainer: string;
}

export interface ExposeInstruction extends InstructionBase {
  kind: 'EXPOSE';
  ports: string[];
}

interface CopyBase extends InstructionBase {
  sources: string[];
  contents: InlineSource[];
  dest: string;
  /** '' when not given (also after expanding to nothing). */
  chown: string;
  chmod: string;
  link: boolean;
  excludes: string[];
}

export interface AddInstruction extends CopyBase {
  kind: 'ADD';
  keepGitDir?: boolean;
  checksum: string;
  unpack?: boolean;
}

export interface CopyInstruction extends CopyBase {
  kind: 'COPY';
  /** Stage name, stage index or image; '' for the build context. */
  from: string;
  parents: boolean;
}

export interface VolumeInstruction extends InstructionBase {
  kind: 'VOLUME';
  volumes: string[];
}

export interface UserInstruction extends InstructionBase {
  kind: 'USER';
  user: string;
}

export interface WorkdirInstruction extends InstructionBase {
  kind: 'WORKDIR';
  path: string;
}

export interface ArgDefinition {
  key: string;
  /** The default, when `=` was written. */
  value?: string;
}

export interface ArgInstruction extends InstructionBase {
  kind: 'ARG';
  args: ArgDefinition[];
}

export interface OnbuildInstruction extends InstructionBase {
  kind: 'ONBUILD';
  /** The trigger as stored in the image config (heredoc bodies appended). */
  expression: string;
  /** Upper-cased keyword of the trigger. */
  trigger: string;
}

export interface StopSignalInstruction extends InstructionBase {
  kind: 'STOPSIGNAL';
  signal: string;
}

export interface HealthcheckInstruction extends InstructionBase {
  kind: 'HEALTHCHECK';
  health: HealthConfig;
}

export type Instruction =
  | FromInstruction
  | RunInstruction
  | CmdInstruction
  | EntrypointInstruction
  | ShellInstruction
  | EnvInstruction
  | LabelInstruction
  | MaintainerInstruction
  | ExposeInstruction
  | AddInstruction
  | CopyInstruction
  | VolumeInstruction
  | UserInstruction
  | WorkdirInstruction
  | ArgInstruction
  | OnbuildInstruction
  | StopSignalInstruction
  | HealthcheckInstruction;

export type InstructionKind = Instruction['kind'];
