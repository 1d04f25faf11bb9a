/**
 * `compose run`'s one-off container: the service's config with the command
 * line's overrides, named `project-service-run-<hex>` and labelled
 * `oneoff=True` (so `up` never counts it as a replica), after its
 * dependencies are up (unless --no-deps).
 */
import { isAbsolute, resolve } from 'node:path';
import { createContainer } from '../../client/containers.js';
import { parsePublish } from '../../cli/lib/ports.js';
import type { ServiceConfig, ServiceVolumeConfig } from '../types.js';
import { serviceHash } from './config-hash.js';
import { containerRequest } from './container-spec.js';
import { up } from './convergence.js';
import { withDependencies } from './graph.js';
import { ensureImages, type BuildMode, type PullMode } from './images.js';
import { selectServices, type ComposeIo } from './io.js';
import { oneoffName } from './naming.js';
import { projectContainers } from './observed.js';
import { ensureNetworks, ensureVolumes } from './resources.js';
import { copyInjectedFiles, injectedFiles } from './injected-files.js';

export interface RunOptions {
  service: string;
  /** Replaces the service's command when given. */
  command?: string[];
  entrypoint?: string[];
  env: readonly string[];
  labels: readonly string[];
  volumes: readonly string[];
  publish: readonly string[];
  servicePorts: boolean;
  useAliases: boolean;
  user?: string;
  workdir?: string;
  name?: string;
  tty: boolean;
  interactive: boolean;
  rm: boolean;
  noDeps: boolean;
  build: BuildMode;
  pull: PullMode;
}

/** `-v` short syntax: a path (absolute or `./…`) binds, anything else names a volume. */
function volumeFlag(io: ComposeIo, spec: string): ServiceVolumeConfig {
  const parts = spec.split(':');
  if (parts.length === 1) return { type: 'volume', target: parts[0]! };
  const [source = '', target = '', mode = ''] = parts;
  const ro = mode.split(',').includes('ro');
  if (isAbsolute(source) || source.startsWith('.') || source.startsWith('~')) {
    return { type: 'bind', source: resolve(io.project.workingDir, source), target, read_only: ro, bind: { create_host_path: true } };
  }
  return { type: 'volume', source, target, read_only: ro };
}

function keyValues(list: readonly string[], env: ComposeIo['env']): Record<string, string | null> {
  return Object.fromEntries(list.map((e) => {
    const at = e.indexOf('=');
    return at < 0 ? [e, env[e] ?? null] : [e.slice(0, at), e.slice(at + 1)];
  }));
}

export async function createOneoff(io: ComposeIo, o: RunOptions): Promise<{ id: string; name: string }> {
  const { project, client } = io;
  const base = selectServices(project, [o.service])[0]!;
  const services = { ...project.services, [base.name]: base };
  const deps = o.noDeps ? [] : withDependencies(services, [base.name]).filter((n) => n !== base.name);
  if (deps.length > 0) await up(io, { services: deps });
  else {
    await ensureNetworks(client, project, Object.keys(project.networks), io.progress);
    await ensureVolumes(client, project, Object.keys(project.volumes), io.progress, (t) => io.warn(t));
  }
  const s: ServiceConfig = {
    ...base,
    command: o.command && o.command.length > 0 ? o.command : base.command,
    entrypoint: o.entrypoint ?? base.entrypoint,
    environment: { ...(base.environment ?? {}), ...keyValues(o.env, io.env) },
    labels: { ...(base.labels ?? {}), ...(keyValues(o.labels, {}) as Record<string, string>) },
    volumes: [...(base.volumes ?? []), ...o.volumes.map((v) => volumeFlag(io, v))],
    ports: o.servicePorts ? base.ports : [],
    user: o.user ?? base.user,
    working_dir: o.workdir ?? base.working_dir,
    tty: o.tty,
    stdin_open: o.interactive,
    restart: 'no',
    container_name: undefined,
    networks: o.useAliases || !base.networks ? base.networks : Object.fromEntries(Object.entries(base.networks).map(([k, v]) => [k, v ? { ...v, aliases: [] } : null])),
  };
  const ids = await ensureImages(io, [s], { build: o.build, pull: o.pull });
  const existing = await projectContainers(client, project.name, { oneoff: false });
  const name = o.name ?? oneoffName(project.name, s.name);
  const body = containerRequest(project, s, { number: 1, name, hash: serviceHash(s), oneoff: true, imageId: ids.get(s.name) }, {
    containerOf: (svc) => existing.find((c) => c.service === svc)?.name ?? `${project.name}-${svc}-1`,
  });
  const published = parsePublish(o.publish);
  body.ExposedPorts = { ...(body.ExposedPorts ?? {}), ...published.exposed };
  body.HostConfig = { ...body.HostConfig, AutoRemove: o.rm, PortBindings: { ...(body.HostConfig?.PortBindings ?? {}), ...published.bindings } };
  body.AttachStdin = o.interactive;
  body.AttachStdout = true;
  body.AttachStderr = true;
  body.StdinOnce = o.interactive;
  const { Id } = await createContainer(client, body, { name });
  await copyInjectedFiles(client, Id, injectedFiles(project, s));
  return { id: Id, name };
}
