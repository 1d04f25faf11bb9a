/**
 * Which instructions Docker expands variables in, and how. The builder calls
 * this just before dispatching an instruction, with the stage's environment
 * (ENV plus the ARGs in scope). RUN, CMD, ENTRYPOINT, SHELL, HEALTHCHECK,
 * MAINTAINER and ONBUILD are left to the shell (or stored) as written.
 */
import type { Instruction, InlineSource, KeyValue, RunInstruction } from './instructions.js';
import { parseRunMount, type RunMount } from './run-mount.js';
import { ShellLex, type Env } from './shell-lex.js';

/** Heredoc bodies expand with the default escape and literal quotes, as a shell would read them. */
const heredocLex = new ShellLex('\\', { skipProcessQuotes: true });

function expandKeyValues(kvs: readonly KeyValue[], word: (w: string) => string): KeyValue[] {
  return kvs.map((kv) => ({ ...kv, key: word(kv.key), value: word(kv.value) }));
}

function expandContents(contents: readonly InlineSource[], env: Env): InlineSource[] {
  return contents.map((c) => (c.expand ? { ...c, data: heredocLex.processWord(c.data, env) } : c));
}

/** The instruction with Docker's expansion applied; instructions Docker does not expand come back unchanged. */
export function expandInstruction<T extends Instruction>(instr: T, env: Env, escapeToken = '\\'): T {
  const lex = new ShellLex(escapeToken);
  const word = (w: string): string => lex.processWord(w, env);
  // Each branch rebuilds an object of the kind it was given, which TypeScript cannot follow through T.
  return expandAny(instr, env, lex, word) as T;
}

function expandAny(instr: Instruction, env: Env, lex: ShellLex, word: (w: string) => string): Instruction {
  switch (instr.kind) {
    case 'ENV':
      return { ...instr, env: expandKeyValues(instr.env, word) };
    case 'LABEL':
      return { ...instr, labels: expandKeyValues(instr.labels, word) };
    case 'ADD':
      return {
        ...instr,
        chown: word(instr.chown),
        chmod: word(instr.chmod),
        checksum: word(instr.checksum),
        sources: instr.sources.map(word),
        dest: word(instr.dest),
        contents: expandContents(instr.contents, env),
      };
    case 'COPY':
      return {
        ...instr,
        chown: word(instr.chown),
        chmod: word(instr.chmod),
        sources: instr.sources.map(word),
        dest: word(instr.dest),
        contents: expandContents(instr.contents, env),
      };
    case 'WORKDIR':
      return { ...instr, path: word(instr.path) };
    case 'USER':
      return { ...instr, user: word(instr.user) };
    case 'VOLUME':
      return { ...instr, volumes: instr.volumes.map(word) };
    case 'STOPSIGNAL':
      return { ...instr, signal: word(instr.signal) };
    case 'ARG':
      return { ...instr, args: instr.args.map((a) => (a.value === undefined ? a : { ...a, value: word(a.value) })) };
    case 'EXPOSE':
      // The one instruction where one word may become several: EXPOSE $PORTS with PORTS="80 443".
      return { ...instr, ports: instr.ports.flatMap((p) => lex.processWords(p, env)) };
    default:
      return instr;
  }
}

/** RUN's --mount specs fully parsed, their values expanded in `env`. */
export function runMounts(run: RunInstruction, env: Env, escapeToken = '\\'): RunMount[] {
  const lex = new ShellLex(escapeToken);
  return run.mounts.map((m) => parseRunMount(m.spec, (w) => lex.processWord(w, env)));
}
