/**
 * Files → one merged model (plain data in the long forms): each file is read,
 * parsed, interpolated, checked against the schema, normalized, its `include`s
 * imported and its `extends` resolved; then the files merge in order.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { invalidArgument, isWharfError } from '../../errdefs/index.js';
import { projectEnvironment } from './environment.js';
import { interpolateTree, type Interpolation } from './interpolate.js';
import { mergeValue, stripTags } from './merge.js';
import { normalizeResource, normalizeService } from './normalize.js';
import { IGNORED_SERVICE_KEYS, validateFile } from './schema.js';
import { str, stringList } from './convert.js';
import { isYamlMap, parseYaml, Tagged, type Yaml, type YamlMap } from './yaml.js';

export const RESOURCE_KINDS = ['networks', 'volumes', 'secrets', 'configs'] as const;

/** What a load shares across its files. */
export interface Scope {
  /** Relative paths in the files resolve against it. */
  projectDir: string;
  /** Interpolation's variables; undefined: no interpolation. */
  env: Record<string, string> | undefined;
  processEnv: Record<string, string>;
  warn: (msg: string) => void;
  readStdin?: () => Promise<string>;
  /** Files being included or extended, outermost first: a cycle names them. */
  stack: readonly string[];
}

async function readText(file: string, scope: Scope): Promise<string> {
  if (file === '-') {
    if (!scope.readStdin) throw invalidArgument('reading the compose file from stdin is not supported here');
    return scope.readStdin();
  }
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw invalidArgument(code === 'ENOENT' ? `open ${file}: no such file or directory` : `open ${file}: ${(err as Error).message}`);
  }
}

/** Parsed, interpolated and validated content of one file. */
async function readFile(file: string, scope: Scope): Promise<YamlMap> {
  const text = await readText(file, scope);
  let content = parseYaml(text, file);
  if (content === null) content = {};
  if (!isYamlMap(content)) throw invalidArgument(`validating ${file}: (root) must be a mapping`);
  if (scope.env) {
    const env = scope.env;
    const unset = new Set<string>();
    const ctx: Interpolation = {
      lookup: (n) => env[n],
      onUnset: (n) => {
        if (!unset.has(n)) scope.warn(`The "${n}" variable is not set. Defaulting to a blank string.`);
        unset.add(n);
      },
    };
    content = interpolateTree(content, ctx) as YamlMap;
  }
  validateFile(content, file);
  if ('version' in content) scope.warn(`${file}: the attribute \`version\` is obsolete, it will be ignored, please remove it to avoid potential confusion`);
  return content;
}

function normalizeFile(content: YamlMap, baseDir: string, scope: Scope): YamlMap {
  const ctx = { baseDir, home: scope.processEnv.HOME };
  const out: YamlMap = {};
  if (content.name !== undefined) out.name = str(content.name);
  const services: YamlMap = {};
  for (const [name, raw] of Object.entries(isYamlMap(content.services) ? content.services : {})) {
    const inner = raw instanceof Tagged ? raw.value : raw;
    const svc = normalizeService(isYamlMap(inner) ? inner : {}, `services.${name}`, ctx);
    for (const k of IGNORED_SERVICE_KEYS) if (isYamlMap(inner) && k in inner) scope.warn(`services.${name}.${k} is not supported by Wharf: it is ignored`);
    services[name] = raw instanceof Tagged ? new Tagged(raw.tag, svc) : svc;
  }
  out.services = services;
  for (const kind of RESOURCE_KINDS) {
    const section = content[kind];
    if (!isYamlMap(section)) continue;
    out[kind] = Object.fromEntries(Object.entries(section).map(([k, v]) => [k, normalizeResource(v, `${kind}.${k}`, ctx)]));
  }
  for (const [k, v] of Object.entries(content)) if (k.startsWith('x-')) out[k] = v;
  return out;
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** `include:` entries: each is a project of its own (its directory, its .env), whose resources join this file's. */
async function applyIncludes(model: YamlMap, entries: Yaml, file: string, scope: Scope): Promise<void> {
  const baseDir = file === '-' ? scope.projectDir : dirname(file);
  for (const entry of Array.isArray(entries) ? entries : []) {
    const e = isYamlMap(entry) ? entry : { path: entry };
    const paths = stringList(e.path ?? null).map((p) => resolve(baseDir, p));
    if (paths.length === 0) continue;
    const projectDir = e.project_directory !== undefined ? resolve(baseDir, str(e.project_directory)) : dirname(paths[0]!);
    const cycle = paths.find((p) => scope.stack.includes(p));
    if (cycle) throw invalidArgument(`include cycle detected: ${[...scope.stack, cycle].join(' -> ')}`);
    const envFiles = e.env_file !== undefined ? stringList(e.env_file).map((f) => resolve(baseDir, f)) : [];
    // The included project's own variables, under the process environment, over the including project's.
    const env = scope.env ? { ...scope.env, ...projectEnvironment(envFiles, baseDir, projectDir, scope.processEnv) } : undefined;
    const imported = await loadModel(paths, { ...scope, projectDir, env, stack: [...scope.stack, ...paths] });
    for (const kind of ['services', ...RESOURCE_KINDS] as const) {
      const from = imported[kind];
      if (!isYamlMap(from)) continue;
      const into = (model[kind] ??= {}) as YamlMap;
      for (const [name, value] of Object.entries(from)) {
        if (name in into && (kind === 'services' || !equal(into[name], value))) {
          throw invalidArgument(`imported compose file ${paths[0]} defines conflicting ${kind.slice(0, -1)} ${name}`);
        }
        into[name] = value;
      }
    }
  }
}

interface LoadedFile {
  services: YamlMap;
}

/** `extends:` resolved in one file's services: the base (from this file or another) under the service's own keys. */
async function resolveExtends(services: YamlMap, file: string, scope: Scope, cache: Map<string, LoadedFile>): Promise<void> {
  const resolveOne = async (name: string, within: YamlMap, withinFile: string, chain: string[]): Promise<Yaml> => {
    const raw = within[name];
    const svc = raw instanceof Tagged ? raw.value : raw;
    if (!isYamlMap(svc) || !isYamlMap(svc.extends)) return raw ?? null;
    const ext = svc.extends;
    const baseFile = ext.file === undefined ? withinFile : str(ext.file);
    const baseName = str(ext.service ?? null);
    const id = `${baseFile}#${baseName}`;
    if (chain.includes(id)) throw invalidArgument(`circular reference with extends: ${[...chain, id].map((c) => c.split('#')[1]).join(' -> ')}`);
    let baseServices = within;
    if (baseFile !== withinFile) {
      let loaded = cache.get(baseFile);
      if (!loaded) {
        const content = await readFile(baseFile, scope);
        loaded = { services: (normalizeFile(content, dirname(baseFile), scope).services as YamlMap) ?? {} };
        cache.set(baseFile, loaded);
      }
      baseServices = loaded.services;
    }
    if (!(baseName in baseServices)) throw invalidArgument(`cannot extend service "${name}" in ${baseFile}: service "${baseName}" not found`);
    const base = await resolveOne(baseName, baseServices, baseFile, [...chain, id]);
    const { extends: _ext, ...local } = svc;
    const baseClean = stripTags(base);
    return mergeValue(isYamlMap(baseClean) ? { ...baseClean } : {}, local, ['services', name]) as YamlMap;
  };
  for (const name of Object.keys(services)) {
    services[name] = await resolveOne(name, services, file, [`${file}#${name}`]);
  }
}

/** One file's model: normalized, includes imported, extends resolved; tags kept for the merge with earlier files. */
async function loadFile(file: string, scope: Scope): Promise<YamlMap> {
  const content = await readFile(file, scope);
  const baseDir = scope.projectDir;
  const model = normalizeFile(content, baseDir, scope);
  if (content.include !== undefined) await applyIncludes(model, content.include, file, scope);
  await resolveExtends(model.services as YamlMap, file, scope, new Map());
  return model;
}

/** The files merged in order: mappings merge, sequences append, tags honoured. */
export async function loadModel(files: readonly string[], scope: Scope): Promise<YamlMap> {
  let model: YamlMap = {};
  for (const file of files) {
    try {
      const next = await loadFile(file, scope);
      model = (mergeValue(model, next, []) as YamlMap | undefined) ?? {};
    } catch (err) {
      if (isWharfError(err)) throw err;
      throw invalidArgument(`${isAbsolute(file) ? file : '-'}: ${(err as Error).message}`);
    }
  }
  return model;
}
