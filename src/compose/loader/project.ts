/**
 * The merged model → the Project commands use: its name, services split by the
 * active profiles, `env_file`s read into `environment`, the `default` network,
 * engine names (`project_net`) for networks, volumes, secrets and configs, and
 * the checks that need the whole project (references, dependency cycles).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { invalidArgument } from '../../errdefs/index.js';
import type { FileObjectConfig, NetworkConfig, Project, ServiceConfig, VolumeConfig } from '../types.js';
import { parseDotenv } from './dotenv.js';
import { checkProjectName, projectNameFromDirectory } from './project-name.js';
import { isYamlMap, type YamlMap } from './yaml.js';

const INVALID = 'invalid compose project';

export interface ProjectInputs {
  model: YamlMap;
  projectName: string | undefined;
  projectDir: string;
  configFiles: string[];
  profiles: readonly string[];
  services: readonly string[];
  env: Record<string, string>;
}

function projectName(inputs: ProjectInputs): string {
  const given = inputs.projectName ?? inputs.env.COMPOSE_PROJECT_NAME ?? (typeof inputs.model.name === 'string' ? inputs.model.name : undefined);
  if (given !== undefined && given !== '') return checkProjectName(given);
  const fromDir = projectNameFromDirectory(basename(inputs.projectDir));
  if (fromDir === '') throw invalidArgument(`project name must not be empty: set one with -p, COMPOSE_PROJECT_NAME or name: in the compose file`);
  return fromDir;
}

/** `env_file` entries read in order, then `environment` over them; `FOO` without a value takes the project environment's. */
function serviceEnvironment(svc: YamlMap, env: Record<string, string>): Record<string, string | null> | undefined {
  const files = Array.isArray(svc.env_file) ? svc.env_file : [];
  const fromFiles: Record<string, string> = {};
  for (const entry of files) {
    if (!isYamlMap(entry)) continue;
    const path = String(entry.path);
    if (!existsSync(path)) {
      if (entry.required === false) continue;
      throw invalidArgument(`env file ${path} not found: stat ${path}: no such file or directory`);
    }
    Object.assign(fromFiles, parseDotenv(readFileSync(path, 'utf8'), path, (n) => env[n] ?? fromFiles[n]));
  }
  const declared = (isYamlMap(svc.environment) ? svc.environment : {}) as Record<string, string | null>;
  if (files.length === 0 && svc.environment === undefined) return undefined;
  const out: Record<string, string | null> = { ...fromFiles };
  for (const [k, v] of Object.entries(declared)) out[k] = v === null ? (env[k] ?? fromFiles[k] ?? null) : v;
  return out;
}

function toService(name: string, raw: YamlMap, env: Record<string, string>): ServiceConfig {
  const { env_file: _envFile, extends: _extends, environment: _environment, ...rest } = raw;
  const svc = { name, ...rest } as unknown as ServiceConfig;
  const environment = serviceEnvironment(raw, env);
  if (environment !== undefined) svc.environment = environment;
  if (svc.networks !== undefined && svc.network_mode !== undefined) throw invalidArgument(`service ${name} declares mutually exclusive \`network_mode\` and \`networks\`: ${INVALID}`);
  if (svc.networks === undefined && svc.network_mode === undefined) svc.networks = { default: null };
  if (svc.image === undefined && svc.build === undefined) throw invalidArgument(`service "${name}" has neither an image nor a build context specified: ${INVALID}`);
  return svc;
}

/** Which services the profiles enable: those without profiles, those with an active one, those named (and what they depend on). */
function enabledServices(all: Record<string, ServiceConfig>, profiles: readonly string[], named: readonly string[]): Set<string> {
  const enabled = new Set<string>();
  for (const [name, svc] of Object.entries(all)) {
    const own = svc.profiles ?? [];
    if (own.length === 0 || profiles.includes('*') || own.some((p) => profiles.includes(p))) enabled.add(name);
  }
  const pull = (name: string): void => {
    if (!(name in all)) throw invalidArgument(`no such service: ${name}`);
    if (enabled.has(name) && !named.includes(name)) return;
    enabled.add(name);
    for (const dep of Object.keys(all[name]!.depends_on ?? {})) if (dep in all && !enabled.has(dep)) pull(dep);
  };
  for (const name of named) pull(name);
  return enabled;
}

function resources<T>(model: YamlMap, kind: string, project: string, make: (key: string, raw: YamlMap, name: string) => T): Record<string, T> {
  const section = isYamlMap(model[kind]) ? model[kind] : {};
  const out: Record<string, T> = {};
  for (const [key, raw] of Object.entries(section)) {
    const r = isYamlMap(raw) ? raw : {};
    const name = typeof r.name === 'string' ? r.name : r.external === true ? key : `${project}_${key}`;
    out[key] = make(key, r, name);
  }
  return out;
}

function checkReferences(project: Project): void {
  for (const svc of Object.values(project.services)) {
    for (const [dep, cfg] of Object.entries(svc.depends_on ?? {})) {
      if (dep in project.services) continue;
      if (cfg.required) throw invalidArgument(`service "${svc.name}" depends on undefined service "${dep}": ${INVALID}`);
      delete svc.depends_on![dep];
    }
    for (const net of Object.keys(svc.networks ?? {})) {
      if (!(net in project.networks)) throw invalidArgument(`service "${svc.name}" refers to undefined network ${net}: ${INVALID}`);
    }
    for (const v of svc.volumes ?? []) {
      if (v.type === 'volume' && v.source !== undefined && !(v.source in project.volumes)) throw invalidArgument(`service "${svc.name}" refers to undefined volume ${v.source}: ${INVALID}`);
    }
    for (const s of svc.secrets ?? []) if (!(s.source in project.secrets)) throw invalidArgument(`service "${svc.name}" refers to undefined secret ${s.source}: ${INVALID}`);
    for (const c of svc.configs ?? []) if (!(c.source in project.configs)) throw invalidArgument(`service "${svc.name}" refers to undefined config ${c.source}: ${INVALID}`);
  }
}

/** A dependency cycle, named from the first service on it back to itself. */
function checkCycles(services: Record<string, ServiceConfig>): void {
  const done = new Set<string>();
  const visit = (name: string, path: string[]): void => {
    const at = path.indexOf(name);
    if (at >= 0) throw invalidArgument(`dependency cycle detected: ${[...path.slice(at), name].join(' -> ')}`);
    if (done.has(name)) return;
    for (const dep of Object.keys(services[name]?.depends_on ?? {}).sort()) visit(dep, [...path, name]);
    done.add(name);
  };
  for (const name of Object.keys(services).sort()) visit(name, []);
}

export function buildProject(inputs: ProjectInputs): Project {
  const { model, env } = inputs;
  const name = projectName(inputs);
  const all: Record<string, ServiceConfig> = {};
  for (const [key, raw] of Object.entries(isYamlMap(model.services) ? model.services : {}).sort(([a], [b]) => a.localeCompare(b))) {
    all[key] = toService(key, isYamlMap(raw) ? raw : {}, env);
  }
  const profiles = inputs.profiles.length > 0 ? [...inputs.profiles] : (env.COMPOSE_PROFILES ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '');
  const enabled = enabledServices(all, profiles, inputs.services);
  const services = Object.fromEntries(Object.entries(all).filter(([k]) => enabled.has(k)));
  const disabledServices = Object.fromEntries(Object.entries(all).filter(([k]) => !enabled.has(k)));

  const networks = resources<NetworkConfig>(model, 'networks', name, (_k, r, n) => ({ ...(r as object), name: n }));
  const usesDefault = Object.values(services).some((s) => s.networks && 'default' in s.networks);
  if (usesDefault && !('default' in networks)) networks.default = { name: `${name}_default` };
  const volumes = resources<VolumeConfig>(model, 'volumes', name, (_k, r, n) => ({ ...(r as object), name: n }));
  const secrets = resources<FileObjectConfig>(model, 'secrets', name, (_k, r, n) => ({ ...(r as object), name: n }));
  const configs = resources<FileObjectConfig>(model, 'configs', name, (_k, r, n) => ({ ...(r as object), name: n }));
  const extensionEntries = Object.entries(model).filter(([k]) => k.startsWith('x-'));

  const project: Project = {
    name,
    workingDir: inputs.projectDir,
    configFiles: inputs.configFiles,
    services,
    networks,
    volumes,
    secrets,
    configs,
    disabledServices,
    profiles,
    environment: env,
    ...(extensionEntries.length > 0 ? { extensions: Object.fromEntries(extensionEntries) } : {}),
  };
  checkReferences(project);
  checkCycles(project.services);
  return project;
}
