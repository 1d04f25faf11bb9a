/** `GET /info`: counts from the engine, facts about the host read once. */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { cpus, hostname, machine, release, totalmem } from 'node:os';
import { join } from 'node:path';
import type { InfoResponse } from '../../apitypes/system.js';
import { errnoCode } from '../../errdefs/index.js';
import { writeFileAtomic } from '../../util/atomic.js';
import type { EngineContext } from '../context.js';
import { DEFAULT_LOG_DRIVER } from '../containers/log-config.js';
import { DEFAULT_RUNTIME, RUNTIMES } from '../containers/runtimes.js';
import { listImages } from '../images/views.js';
import { ENGINE_VERSION } from './version.js';

/** The daemon's identity, stable across restarts (Docker's engine-id file). */
export async function engineId(dataRoot: string): Promise<string> {
  const path = join(dataRoot, 'engine-id');
  try {
    const id = (await readFile(path, 'utf8')).trim();
    if (id) return id;
  } catch (err) {
    if (errnoCode(err) !== 'ENOENT') throw err;
  }
  const id = randomUUID();
  await writeFileAtomic(path, id);
  return id;
}

async function operatingSystem(): Promise<string> {
  const text = await readFile('/etc/os-release', 'utf8').catch(() => '');
  const m = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(text);
  return m?.[1] ?? 'Linux';
}

export async function systemInfo(ctx: EngineContext, id: string): Promise<InfoResponse> {
  let running = 0;
  let paused = 0;
  let stopped = 0;
  const all = ctx.store.all();
  for (const c of all) {
    if (c.record.State.Paused) paused++;
    else if (c.running) running++;
    else stopped++;
  }
  // Docker counts every image the store holds, intermediate ones too: exactly what `GET /images/json?all=1` lists.
  const images = new Set((await listImages(ctx.deps.images, { all: true })).map((i) => i.Id));
  const facts = ctx.deps.hostFacts;
  return {
    ID: id,
    Containers: all.length,
    ContainersRunning: running,
    ContainersPaused: paused,
    ContainersStopped: stopped,
    Images: images.size,
    Driver: 'overlay2',
    DriverStatus: [['Backing Filesystem', 'extfs'], ['Supports d_type', 'true']],
    DockerRootDir: ctx.deps.dataRoot,
    Name: ctx.deps.daemonName ?? hostname(),
    ServerVersion: ENGINE_VERSION,
    OperatingSystem: await operatingSystem(),
    OSType: 'linux',
    OSVersion: '',
    Architecture: machine(),
    NCPU: cpus().length,
    MemTotal: totalmem(),
    KernelVersion: release(),
    CgroupDriver: 'cgroupfs',
    CgroupVersion: '1',
    LoggingDriver: DEFAULT_LOG_DRIVER,
    DefaultRuntime: DEFAULT_RUNTIME,
    Runtimes: RUNTIMES,
    InitBinary: 'docker-init',
    SecurityOptions: ['name=seccomp,profile=builtin'],
    Plugins: { Volume: [], Network: ['host', 'none'], Authorization: null, Log: ['json-file', 'local'] },
    MemoryLimit: true,
    SwapLimit: facts.swapLimit,
    CpuCfsPeriod: true,
    CpuCfsQuota: true,
    CPUShares: true,
    CPUSet: true,
    PidsLimit: true,
    OomKillDisable: true,
    IPv4Forwarding: true,
    Debug: false,
    NFd: 0,
    NGoroutines: 0,
    SystemTime: new Date().toISOString(),
    NEventsListener: 0,
    IndexServerAddress: 'https://index.docker.io/v1/',
    RegistryConfig: { IndexConfigs: {}, InsecureRegistryCIDRs: ['127.0.0.0/8'], Mirrors: [] },
    Labels: [],
    ExperimentalBuild: false,
    LiveRestoreEnabled: true,
    Isolation: '',
    Swarm: { NodeID: '', NodeAddr: '', LocalNodeState: 'inactive', ControlAvailable: false, Error: '', RemoteManagers: null },
    Warnings: [],
  };
}
