/**
 * Gives each parsed line its meaning (BuildKit's `instructions` package): the
 * typed instruction, its flags checked, its argument count checked, all with
 * Docker's messages. Nothing is expanded here.
 */
import { invalidArgument } from '../../errdefs/index.js';
import { parseFlags, type FlagSpec, type ParsedFlags } from './flags.js';
import { goQuote, trimSpace } from './go-text.js';
import { parseHealthConfig } from './healthcheck.js';
import { chompHeredocContent, mustParseHeredoc, type Heredoc } from './heredoc.js';
import type { ArgDefinition, CommandLine, InlineSource, Instruction, InstructionBase, KeyValue, NetworkMode, SecurityMode } from './instructions.js';
import type { AstNode } from './parser.js';
import { mountFrom } from './run-mount.js';
import { withSuggestion } from './suggest.js';

const KEYWORDS = ['ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR'];
const STAGE_NAME = /^[a-z][a-z0-9-_.]*$/;

const atLeastOne = (name: string) => invalidArgument(`${name} requires at least one argument`);
const exactlyOne = (name: string) => invalidArgument(`${name} requires exactly one argument`);
const blankNames = (name: string) => invalidArgument(`${name} names can not be blank`);

function flags(node: AstNode, spec: FlagSpec = {}): ParsedFlags {
  return parseFlags(node.flags, spec);
}

function single(node: AstNode, name: string): string {
  if (node.args.length !== 1) throw exactlyOne(name);
  flags(node);
  return node.args[0] as string;
}

function keyValues(args: readonly string[], name: string): KeyValue[] {
  if (args.length === 0) throw atLeastOne(name);
  if (args.length % 3 !== 0) throw invalidArgument(`Bad input to ${name}, too many arguments`);
  const out: KeyValue[] = [];
  for (let i = 0; i < args.length; i += 3) {
    const key = args[i] as string;
    if (key === '') throw blankNames(name);
    out.push({ key, value: args[i + 1] as string, legacy: args[i + 2] === '' });
  }
  return out;
}

function commandLine(node: AstNode): CommandLine {
  if (node.args.length === 0) return { args: [], shellForm: !node.json };
  return node.json ? { args: [...node.args], shellForm: false } : { args: [node.args.join(' ')], shellForm: true };
}

function sourcesAndDest(node: AstNode, name: string): { sources: string[]; contents: InlineSource[]; dest: string } {
  const dest = node.args[node.args.length - 1] as string;
  if (mustParseHeredoc(dest)) throw invalidArgument(`${name} cannot accept a heredoc as a destination`);
  const bodies = new Map<string, Heredoc>(node.heredocs.map((h) => [h.name, h]));
  const sources: string[] = [];
  const contents: InlineSource[] = [];
  for (const src of node.args.slice(0, -1)) {
    const heredoc = mustParseHeredoc(src);
    if (!heredoc) {
      sources.push(src);
      continue;
    }
    const body = bodies.get(heredoc.name)?.content ?? '';
    contents.push({ path: heredoc.name, data: heredoc.chomp ? chompHeredocContent(body) : body, expand: heredoc.expand });
  }
  return { sources, contents, dest };
}

function noDestination(name: string) {
  return invalidArgument(`${name} requires at least two arguments, but only one was provided. Destination could not be determined`);
}

function parseFrom(node: AstNode, base: InstructionBase): Instruction {
  const args = node.args;
  let stageName: string | undefined;
  if (args.length === 3 && (args[1] as string).toLowerCase() === 'as') {
    stageName = (args[2] as string).toLowerCase();
    if (!STAGE_NAME.test(stageName)) {
      throw invalidArgument(`invalid name for build stage: ${goQuote(args[2] as string)}, name can't start with a number or contain symbols`);
    }
  } else if (args.length !== 1) throw invalidArgument('FROM requires either one or three arguments');
  const platform = flags(node, { platform: 'string' }).string('platform');
  return { ...base, kind: 'FROM', image: args[0] as string, stageName, platform: platform || undefined };
}

function parseRun(node: AstNode, base: InstructionBase): Instruction {
  const f = flags(node, { mount: 'strings', network: 'string', security: 'string', device: 'strings' });
  const mounts = f.strings('mount').map((spec) => ({ spec, from: mountFrom(spec) }));
  const network = f.string('network') ?? 'default';
  if (!['default', 'none', 'host'].includes(network)) throw invalidArgument(`invalid network mode ${goQuote(network)}`);
  const security = f.string('security') ?? 'sandbox';
  if (!['sandbox', 'insecure'].includes(security)) throw invalidArgument(`security ${goQuote(security)} is not valid`);
  return {
    ...base,
    kind: 'RUN',
    command: commandLine(node),
    heredocs: node.heredocs,
    mounts,
    network: network as NetworkMode,
    security: security as SecurityMode,
    devices: f.strings('device'),
    flagsUsed: f.used,
  };
}

function parseAdd(node: AstNode, base: InstructionBase): Instruction {
  if (node.args.length < 2) throw noDestination('ADD');
  const f = flags(node, { chown: 'string', chmod: 'string', link: 'bool', 'keep-git-dir': 'bool', checksum: 'string', unpack: 'bool', exclude: 'strings' });
  return {
    ...base,
    kind: 'ADD',
    ...sourcesAndDest(node, 'ADD'),
    chown: f.string('chown') ?? '',
    chmod: f.string('chmod') ?? '',
    link: f.bool('link') ?? false,
    keepGitDir: f.bool('keep-git-dir'),
    checksum: f.string('checksum') ?? '',
    unpack: f.bool('unpack'),
    excludes: f.strings('exclude'),
  };
}

function parseCopy(node: AstNode, base: InstructionBase): Instruction {
  if (node.args.length < 2) throw noDestination('COPY');
  const f = flags(node, { chown: 'string', from: 'string', chmod: 'string', link: 'bool', exclude: 'strings', parents: 'bool' });
  return {
    ...base,
    kind: 'COPY',
    ...sourcesAndDest(node, 'COPY'),
    from: f.string('from') ?? '',
    chown: f.string('chown') ?? '',
    chmod: f.string('chmod') ?? '',
    link: f.bool('link') ?? false,
    parents: f.bool('parents') ?? false,
    excludes: f.strings('exclude'),
  };
}

function parseOnbuild(node: AstNode, base: InstructionBase): Instruction {
  if (node.args.length === 0) throw atLeastOne('ONBUILD');
  flags(node);
  const trigger = trimSpace(node.args[0] as string).toUpperCase();
  checkTrigger(trigger);
  let expression = node.original.replace(/^[\t\n\f\r ]*ONBUILD[\t\n\f\r ]*/i, '');
  for (const h of node.heredocs) expression += `\n${h.content}${h.name}`;
  return { ...base, kind: 'ONBUILD', expression, trigger };
}

export function checkTrigger(trigger: string): void {
  if (trigger === 'ONBUILD') throw invalidArgument('Chaining ONBUILD via `ONBUILD ONBUILD` isn\'t allowed');
  if (trigger === 'MAINTAINER' || trigger === 'FROM') throw invalidArgument(`${trigger} isn't allowed as an ONBUILD trigger`);
}

function parseArg(node: AstNode, base: InstructionBase): Instruction {
  if (node.args.length === 0) throw atLeastOne('ARG');
  const args = node.args.map((arg): ArgDefinition => {
    const eq = arg.indexOf('=');
    if (eq < 0) return { key: arg };
    if (eq === 0) throw blankNames('ARG');
    return { key: arg.slice(0, eq), value: arg.slice(eq + 1) };
  });
  return { ...base, kind: 'ARG', args };
}

function parseShell(node: AstNode, base: InstructionBase): Instruction {
  flags(node);
  if (node.args.length === 0) throw atLeastOne('SHELL');
  if (!node.json) throw invalidArgument('SHELL requires the arguments to be in JSON form');
  return { ...base, kind: 'SHELL', shell: [...node.args] };
}

function parseVolume(node: AstNode, base: InstructionBase): Instruction {
  if (node.args.length === 0) throw atLeastOne('VOLUME');
  flags(node);
  const volumes = node.args.map((v) => {
    const t = trimSpace(v);
    if (t === '') throw invalidArgument('VOLUME specified can not be an empty string');
    return t;
  });
  return { ...base, kind: 'VOLUME', volumes };
}

/** One instruction from its parsed line; errors carry Docker's text, without location. */
export function parseInstruction(node: AstNode): Instruction {
  const base: InstructionBase = { keyword: node.keyword, original: trimSpace(node.original), startLine: node.startLine, endLine: node.endLine };
  switch (node.keyword.toLowerCase()) {
    case 'from':
      return parseFrom(node, base);
    case 'run':
      return parseRun(node, base);
    case 'cmd':
      flags(node);
      return { ...base, kind: 'CMD', command: commandLine(node) };
    case 'entrypoint':
      flags(node);
      return { ...base, kind: 'ENTRYPOINT', command: commandLine(node) };
    case 'shell':
      return parseShell(node, base);
    case 'env':
      flags(node);
      return { ...base, kind: 'ENV', env: keyValues(node.args, 'ENV') };
    case 'label':
      flags(node);
      return { ...base, kind: 'LABEL', labels: keyValues(node.args, 'LABEL') };
    case 'maintainer':
      return { ...base, kind: 'MAINTAINER', maintainer: single(node, 'MAINTAINER') };
    case 'expose':
      if (node.args.length === 0) throw atLeastOne('EXPOSE');
      flags(node);
      return { ...base, kind: 'EXPOSE', ports: [...node.args].sort() };
    case 'add':
      return parseAdd(node, base);
    case 'copy':
      return parseCopy(node, base);
    case 'volume':
      return parseVolume(node, base);
    case 'user':
      return { ...base, kind: 'USER', user: single(node, 'USER') };
    case 'workdir':
      return { ...base, kind: 'WORKDIR', path: single(node, 'WORKDIR') };
    case 'arg':
      return parseArg(node, base);
    case 'onbuild':
      return parseOnbuild(node, base);
    case 'stopsignal':
      // Docker never checks STOPSIGNAL's flags.
      if (node.args.length !== 1) throw exactlyOne('STOPSIGNAL');
      return { ...base, kind: 'STOPSIGNAL', signal: node.args[0] as string };
    case 'healthcheck':
      return { ...base, kind: 'HEALTHCHECK', health: parseHealthConfig(node.args, node.json, node.flags) };
    default:
      throw invalidArgument(withSuggestion(`unknown instruction: ${node.keyword}`, node.keyword, KEYWORDS, false));
  }
}
