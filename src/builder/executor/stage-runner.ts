/**
 * One stage of a build: its base, then each instruction in turn, every step
 * looked up in the layer cache (key: parent image, expanded instruction,
 * build args in scope, content of COPY/ADD sources) before it is run.
 */
import { invalidArgument, isNotFound, notFound } from '../../errdefs/index.js';
import type { ImageRuntimeConfig } from '../../oci/image.js';
import { shortId } from '../../util/ids.js';
import { hashStrings } from '../cache/source-hash.js';
import { atLines } from '../dockerfile/errors.js';
import { expandInstruction, parseOnbuildTrigger, type Instruction, type RunInstruction, type Stage } from '../dockerfile/index.js';
import type { BuildRun } from './build-run.js';
import { prepareCopy } from './copy-step.js';
import { commitState, imageState, scratchState, type ImageState, type NewLayer } from './image-state.js';
import { withWritableLayer } from './layer-session.js';
import { applyMetadata, commandArgs, DEFAULT_PATH, isMetadata, shellOf, type MetadataState } from './metadata.js';
import { runContainer, runOutputText } from './run-container.js';
import { RunFailure } from './run-failure.js';

/** Proxy variables every build may pass without an ARG, kept out of the image (Docker's predefined args). */
export const PREDEFINED_ARGS = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'FTP_PROXY', 'ftp_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy'];

export class StageRunner {
  private state!: ImageState;
  private runtime: ImageRuntimeConfig = {};
  /** ARGs declared in this stage with their values. */
  private readonly args = new Map<string, string>();
  private readonly meta: MetadataState = { cmdSet: false };

  constructor(
    private readonly build: BuildRun,
    private readonly stage: Stage,
    private readonly out: (text: string) => void,
  ) {}

  async run(firstStep: number): Promise<ImageState> {
    let step = firstStep;
    const header = (instr: Instruction): void => this.out(`Step ${step++}/${this.build.totalSteps} : ${instr.original}\n`);
    header(this.stage.from);
    await this.at(this.stage.from, () => this.from());
    for (const instr of this.stage.instructions) {
      header(instr);
      await this.at(instr, () => this.dispatch(instr));
    }
    return this.state;
  }

  /** Appends the CLI's `--label`s as one more LABEL step (what the classic builder does). */
  async labels(labels: Record<string, string>, step: number): Promise<ImageState> {
    const text = `LABEL ${Object.entries(labels).map(([k, v]) => `${JSON.stringify(k)}=${JSON.stringify(v)}`).join(' ')}`;
    this.out(`Step ${step}/${this.build.totalSteps} : ${text}\n`);
    const runtime = { ...this.runtime, Labels: { ...this.runtime.Labels, ...labels } };
    await this.step(`/bin/sh -c #(nop)  ${text}`, '', runtime);
    return this.state;
  }

  private async at(instr: Instruction, fn: () => Promise<void>): Promise<void> {
    this.build.checkCancelled();
    try {
      await fn();
    } catch (err) {
      if (err instanceof RunFailure) throw err;
      throw atLines(err, instr.startLine, instr.endLine);
    }
  }

  private async from(): Promise<void> {
    const base = this.stage.base;
    if (base.kind === 'scratch') this.state = scratchState(this.build.deps);
    else if (base.kind === 'stage') this.state = await this.build.stageResult(base.index);
    else {
      try {
        this.state = await imageState(this.build.deps, base.ref);
      } catch (err) {
        const unset = unsetArgs(this.stage.from.image, this.build.plan.globalArgs);
        if (unset.length > 0) throw invalidArgument(`${(err as Error).message}: FROM ${this.stage.from.image} uses build arg ${unset.join(', ')} with no value (pass --build-arg or give the ARG a default)`, err);
        if (!isNotFound(err)) throw err;
        throw notFound(`pull access denied for ${base.ref}, repository does not exist or may require 'docker login': no such image in the local store and no registry configured`);
      }
    }
    this.runtime = structuredClone(this.state.config.config ?? {});
    if (this.state.id) this.out(` ---> ${shortId(this.state.id.slice(7))}\n`);
    const triggers = this.runtime.OnBuild ?? [];
    if (triggers.length === 0) return;
    this.out(`# Executing ${triggers.length} build trigger${triggers.length > 1 ? 's' : ''}\n`);
    this.runtime.OnBuild = null;
    for (const t of triggers) await this.dispatch(parseOnbuildTrigger(t));
  }

  /** Variables instructions expand with: ARGs in scope, overridden by ENV. */
  private env(): Map<string, string> {
    const env = new Map(this.args);
    for (const e of this.runtime.Env ?? []) {
      const i = e.indexOf('=');
      env.set(i < 0 ? e : e.slice(0, i), i < 0 ? '' : e.slice(i + 1));
    }
    return env;
  }

  private argsInScope(): string[] {
    return [...this.args].map(([k, v]) => `${k}=${v}`).sort();
  }

  private async dispatch(raw: Instruction): Promise<void> {
    const instr = expandInstruction(raw, this.env(), this.build.escapeToken);
    const nop = `/bin/sh -c #(nop)  ${instr.original}`;
    switch (instr.kind) {
      case 'FROM':
        throw invalidArgument('FROM is not allowed here');
      case 'ARG':
        for (const def of instr.args) {
          this.build.consumeArg(def.key);
          const given = this.build.options.buildArgs[def.key];
          const value = given ?? def.value ?? this.build.plan.globalArgs.get(def.key);
          if (value !== undefined) this.args.set(def.key, value);
          else this.args.delete(def.key);
        }
        return this.step(nop, '', this.runtime);
      case 'MAINTAINER':
        return this.step(nop, '', this.runtime, undefined, instr.maintainer);
      case 'RUN':
        return this.runStep(instr);
      case 'COPY':
      case 'ADD': {
        const fromImage = instr.kind === 'COPY' && instr.from !== '' ? await this.build.copySource(instr.from) : undefined;
        const copy = await prepareCopy({ deps: this.build.deps, context: this.build.context, workdir: this.runtime.WorkingDir ?? '/', ...(fromImage ? { fromImage } : {}) }, instr);
        try {
          return await this.step(copy.createdBy, copy.identity, this.runtime, async () => {
            const { layer } = await withWritableLayer(this.build.deps, this.state, (rootfs) => copy.apply(rootfs));
            return layer;
          });
        } finally {
          await copy.cleanup();
        }
      }
      default:
        if (!isMetadata(instr)) throw invalidArgument(`unknown instruction: ${(instr as Instruction).keyword}`);
        return this.step(nop, '', applyMetadata(this.runtime, instr, this.meta));
    }
  }

  private async runStep(instr: RunInstruction): Promise<void> {
    if (instr.mounts.length > 0) {
      throw invalidArgument('the --mount option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled');
    }
    const shell = shellOf(this.runtime);
    let args = commandArgs(instr.command, shell);
    if (instr.command.shellForm && instr.heredocs.length > 0) args = [...shell, heredocScript(instr)];
    const argList = this.argsInScope();
    const createdBy = `${argList.length > 0 ? `|${argList.length} ${argList.join(' ')} ` : ''}${args.join(' ')}`;
    await this.step(createdBy, '', this.runtime, async () => {
      const env = [...(this.runtime.Env ?? [])];
      if (!env.some((e) => e.startsWith('PATH='))) env.unshift(`PATH=${DEFAULT_PATH}`);
      const envKeys = new Set(env.map((e) => e.slice(0, e.indexOf('='))));
      for (const [k, v] of this.args) if (!envKeys.has(k)) env.push(`${k}=${v}`);
      for (const k of PREDEFINED_ARGS) {
        const v = this.build.options.buildArgs[k];
        if (v !== undefined && !envKeys.has(k) && !this.args.has(k)) env.push(`${k}=${v}`);
      }
      const network = instr.network !== 'default' ? instr.network : this.build.options.networkMode;
      const { layer } = await withWritableLayer(this.build.deps, this.state, async (rootfs, id) => {
        this.out(` ---> Running in ${id.slice(0, 12)}\n`);
        const req = { id, rootfs, args, env, cwd: this.runtime.WorkingDir ?? '/', user: this.runtime.User ?? '', network, extraHosts: this.build.options.extraHosts };
        const code = await runContainer(this.build.deps, req, (data, stream) => this.out(runOutputText(data, stream)), this.build.signal);
        this.build.checkCancelled();
        // Thrown inside, so the failed step's writable layer is discarded rather than committed.
        if (code !== 0) throw new RunFailure(`The command '${args.join(' ')}' returned a non-zero code: ${code}`, code);
        this.out(` ---> Removed intermediate container ${id.slice(0, 12)}\n`);
      });
      return layer;
    });
  }

  /**
   * One cached step leaving `runtime` as the config: reuse the image this key made
   * before (or a `--cache-from` image's step), or make it now; `make` writes the
   * step's files, if any, and returns their layer.
   */
  private async step(createdBy: string, identity: string, runtime: ImageRuntimeConfig, make?: () => Promise<NewLayer | undefined>, author?: string): Promise<void> {
    const { build } = this;
    const key = hashStrings([this.state.id ?? 'scratch', createdBy, identity, ...this.argsInScope()]);
    if (!build.options.noCache) {
      const hit = (await build.cacheLookup(key)) ?? (await build.cacheRestore(key, this.state, createdBy, runtime));
      if (hit) {
        this.out(' ---> Using cache\n');
        this.adopt(hit);
        return;
      }
    }
    const layer = await make?.();
    const parent = author ? { ...this.state, config: { ...this.state.config, author } } : this.state;
    const next = await commitState(build.deps, parent, runtime, createdBy, layer);
    build.cachePut(key, next, this.state, createdBy);
    this.adopt(next);
  }

  private adopt(next: ImageState): void {
    this.state = next;
    this.runtime = structuredClone(next.config.config ?? {});
    this.out(` ---> ${shortId((next.id as string).slice(7))}\n`);
  }
}

/** Variables a FROM line names that no global ARG gives a value. */
function unsetArgs(image: string, globals: ReadonlyMap<string, string>): string[] {
  const names = [...image.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1] as string);
  return [...new Set(names)].filter((n) => !globals.get(n));
}

/** `RUN <<EOF` alone runs the heredoc as the script; otherwise the shell reads the heredocs after the command line. */
function heredocScript(instr: RunInstruction): string {
  const line = instr.command.args.join(' ');
  const only = instr.heredocs.length === 1 ? instr.heredocs[0] : undefined;
  if (only && /^\d*<<-?\s*['"]?\w+['"]?$/.test(line.trim())) return only.content;
  return [line, ...instr.heredocs.map((h) => `${h.content}${h.name}`)].join('\n') + '\n';
}
