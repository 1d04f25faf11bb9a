/**
 * The stage model of a multi-stage Dockerfile: global ARGs (usable only in
 * FROM), stages with their base (scratch, an image, or an earlier stage), the
 * dependency graph between stages, and what a `--target` needs built, grouped
 * so that independent stages can be built in parallel.
 */
import { invalidArgument } from '../../errdefs/index.js';
import { parseDockerfile, type Dockerfile } from './dockerfile.js';
import { DockerfileError, atLines } from './errors.js';
import { goQuote } from './go-text.js';
import type { ArgInstruction, FromInstruction, Instruction } from './instructions.js';
import { ShellLex, emptyEnv } from './shell-lex.js';

export type StageBase = { kind: 'scratch' } | { kind: 'image'; ref: string } | { kind: 'stage'; index: number };

export interface Stage {
  index: number;
  /** Lower-cased `AS` name. */
  name?: string;
  /** The name Docker uses in messages: the AS name or `stage-N`. */
  displayName: string;
  from: FromInstruction;
  base: StageBase;
  /** `--platform`, global ARGs expanded. */
  platform?: string;
  /** The instructions after FROM, unexpanded. */
  instructions: Instruction[];
  /** Stages to build before this one: its base, COPY --from and RUN --mount from= sources. */
  dependsOn: number[];
  /** Images (not stages) that COPY --from or RUN --mount from= read. */
  imageSources: string[];
  /** Variables FROM uses that no global ARG declares (Docker's UndefinedArgInFrom warning). */
  undefinedArgs: string[];
}

export interface PlatformArgs {
  os: string;
  architecture: string;
  variant?: string;
}

export interface StageOptions {
  /** Automatic ARGs visible in FROM without a declaration (see platformArgs); build args may override them. */
  defaultArgs?: Record<string, string>;
}

const STAGE_INDEX = /^[+-]?\d{1,18}$/;

/** BuildKit's automatic platform ARGs (BUILDPLATFORM, TARGETARCH…). */
export function platformArgs(build: PlatformArgs, target: PlatformArgs, targetStage?: string): Record<string, string> {
  const format = (p: PlatformArgs) => [p.os, p.architecture, p.variant].filter(Boolean).join('/');
  return {
    BUILDPLATFORM: format(build),
    BUILDOS: build.os,
    BUILDARCH: build.architecture,
    BUILDVARIANT: build.variant ?? '',
    TARGETPLATFORM: format(target),
    TARGETOS: target.os,
    TARGETARCH: target.architecture,
    TARGETVARIANT: target.variant ?? '',
    TARGETSTAGE: targetStage || 'default',
  };
}

export class BuildPlan {
  constructor(
    readonly dockerfile: Dockerfile,
    /** ARG instructions before the first FROM. */
    readonly metaArgs: ArgInstruction[],
    /** Global ARG values after build args were applied; what FROM lines expand with. */
    readonly globalArgs: ReadonlyMap<string, string>,
    readonly stages: Stage[],
  ) {}

  /** The stage `--target` names (case-insensitively), or the last stage when none is given. */
  target(name?: string): Stage {
    if (!name) return this.stages[this.stages.length - 1] as Stage;
    const stage = findByName(this.stages, name);
    if (!stage) throw invalidArgument(`target stage ${goQuote(name)} could not be found`);
    return stage;
  }

  /** Indices of the stages the target needs, itself included, in Dockerfile order; the rest can be skipped. */
  stagesNeeded(target?: string): number[] {
    const seen = new Set<number>();
    const visit = (i: number): void => {
      if (seen.has(i)) return;
      seen.add(i);
      for (const d of (this.stages[i] as Stage).dependsOn) visit(d);
    };
    visit(this.target(target).index);
    return [...seen].sort((a, b) => a - b);
  }

  /** The needed stages in build order: every stage's dependencies are in earlier groups, so a group can build in parallel. */
  buildGroups(target?: string): number[][] {
    const pending = new Set(this.stagesNeeded(target));
    const done = new Set<number>();
    const groups: number[][] = [];
    while (pending.size > 0) {
      const ready = [...pending].filter((i) => (this.stages[i] as Stage).dependsOn.every((d) => done.has(d)));
      for (const i of ready) pending.delete(i);
      ready.forEach((i) => done.add(i));
      groups.push(ready);
    }
    return groups;
  }
}

function findByName(stages: readonly Stage[], name: string): Stage | undefined {
  const lower = name.toLowerCase();
  return stages.find((s) => s.name === lower);
}

/** Parses a Dockerfile into stages, resolving FROM lines against the global ARGs and `buildArgs`. */
export function parseStages(source: string | Dockerfile, buildArgs: Readonly<Record<string, string>> = {}, opts: StageOptions = {}): BuildPlan {
  const dockerfile = typeof source === 'string' ? parseDockerfile(source) : source;
  const lex = new ShellLex(dockerfile.escapeToken);
  const metaArgs: ArgInstruction[] = [];
  const groups: Array<{ from: FromInstruction; instructions: Instruction[] }> = [];
  for (const instr of dockerfile.instructions) {
    const current = groups[groups.length - 1];
    if (instr.kind === 'FROM') groups.push({ from: instr, instructions: [] });
    else if (current) current.instructions.push(instr);
    else if (instr.kind === 'ARG') metaArgs.push(instr);
    else throw new DockerfileError('no build stage in current context', instr.startLine, instr.endLine);
  }
  if (groups.length === 0) throw invalidArgument('dockerfile contains no stages to build');

  const globalArgs = resolveMetaArgs(metaArgs, buildArgs, opts.defaultArgs ?? {}, lex);
  const declared = new Set([...Object.keys(opts.defaultArgs ?? {}), ...metaArgs.flatMap((a) => a.args.map((d) => d.key))]);
  const stages: Stage[] = [];
  for (const [index, { from, instructions }] of groups.entries()) {
    if (from.stageName && findByName(stages, from.stageName)) {
      throw new DockerfileError(`${from.stageName} stage name already used`, from.startLine, from.endLine);
    }
    stages.push(resolveFrom(index, from, instructions, stages, globalArgs, declared, lex));
  }
  for (const stage of stages) addSourceDependencies(stage, stages, lex);
  checkCycles(stages);
  return new BuildPlan(dockerfile, metaArgs, globalArgs, stages);
}

/** Global ARGs in order: a build arg wins over the default, a default may use earlier ARGs. */
function resolveMetaArgs(metaArgs: readonly ArgInstruction[], buildArgs: Readonly<Record<string, string>>, defaults: Record<string, string>, lex: ShellLex): Map<string, string> {
  const env = new Map<string, string>(Object.entries(defaults).map(([k, v]) => [k, Object.hasOwn(buildArgs, k) ? (buildArgs[k] as string) : v]));
  for (const arg of metaArgs) {
    for (const def of arg.args) {
      if (Object.hasOwn(buildArgs, def.key)) env.set(def.key, buildArgs[def.key] as string);
      else if (def.value !== undefined) {
        try {
          env.set(def.key, lex.processWord(def.value, env));
        } catch (err) {
          throw atLines(err, arg.startLine, arg.endLine);
        }
      }
    }
  }
  return env;
}

function resolveFrom(
  index: number,
  from: FromInstruction,
  instructions: Instruction[],
  earlier: readonly Stage[],
  globalArgs: ReadonlyMap<string, string>,
  declared: ReadonlySet<string>,
  lex: ShellLex,
): Stage {
  const undefinedArgs = new Set<string>();
  const fail = (message: string, cause?: unknown) => new DockerfileError(message, from.startLine, from.endLine, cause);
  const expand = (word: string, context = ''): string => {
    try {
      const r = lex.process(word, globalArgs);
      for (const name of r.unmatched) if (!declared.has(name)) undefinedArgs.add(name);
      return r.result;
    } catch (err) {
      throw fail(context + (err as Error).message, err);
    }
  };
  const image = expand(from.image);
  if (image === '') throw fail(`base name (${from.image}) should not be blank`);
  let platform: string | undefined;
  if (from.platform !== undefined) {
    // Docker names the (empty) result of the failed expansion here, hence the odd message.
    platform = expand(from.platform, 'failed to process arguments for platform : ');
    if (platform === '') throw fail(`empty platform value from expression ${from.platform}`);
  }
  const baseStage = findByName(earlier, image);
  const base: StageBase = baseStage ? { kind: 'stage', index: baseStage.index } : image === 'scratch' ? { kind: 'scratch' } : { kind: 'image', ref: image };
  return {
    index,
    name: from.stageName,
    displayName: from.stageName ?? `stage-${index}`,
    from,
    base,
    platform,
    instructions,
    dependsOn: baseStage ? [baseStage.index] : [],
    imageSources: [],
    undefinedArgs: [...undefinedArgs],
  };
}

/** COPY --from and RUN --mount from= name a stage (COPY also by index) or else an image. */
function addSourceDependencies(stage: Stage, stages: readonly Stage[], lex: ShellLex): void {
  const add = (source: Stage | string): void => {
    if (typeof source === 'string') {
      if (!stage.imageSources.includes(source)) stage.imageSources.push(source);
    } else if (!stage.dependsOn.includes(source.index)) stage.dependsOn.push(source.index);
  };
  for (const instr of stage.instructions) {
    if (instr.kind === 'COPY' && instr.from !== '') {
      try {
        add(copyFromSource(instr.from, stages, lex));
      } catch (err) {
        throw atLines(err, instr.startLine, instr.endLine);
      }
    } else if (instr.kind === 'RUN') {
      for (const m of instr.mounts) if (m.from) add(findByName(stages, m.from) ?? m.from);
    }
  }
}

function copyFromSource(from: string, stages: readonly Stage[], lex: ShellLex): Stage | string {
  if (lex.processWord(from, emptyEnv) !== from) {
    throw invalidArgument('variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround');
  }
  if (!STAGE_INDEX.test(from)) return findByName(stages, from) ?? from;
  const index = Number(from);
  const stage = stages[index];
  if (index < 0 || !stage) throw invalidArgument(`invalid stage index ${index}`);
  return stage;
}

function checkCycles(stages: readonly Stage[]): void {
  const done = new Set<number>();
  const onPath = new Set<number>();
  const visit = (i: number): boolean => {
    if (onPath.has(i)) return true;
    if (done.has(i)) return false;
    onPath.add(i);
    const cyclic = (stages[i] as Stage).dependsOn.some(visit);
    onPath.delete(i);
    done.add(i);
    return cyclic;
  };
  for (const stage of stages) {
    if (visit(stage.index)) {
      throw new DockerfileError(`circular dependency detected on stage: ${stage.displayName}`, stage.from.startLine, stage.from.endLine);
    }
  }
}
