/**
 * Where each `wharf` command lives. Modules load on demand, so a `wharf run`
 * only pays for the code of `run`. Management groups (`container`, `image`,
 * `system`) hold the same commands under Docker's names and aliases.
 */
import type { CommandModule } from '../lib/command.js';

export interface Entry {
  name: string;
  aliases?: readonly string[];
  load: () => Promise<CommandModule>;
}

export interface Group {
  name: string;
  description: string;
  entries: readonly Entry[];
}

const attach: Entry = { name: 'attach', load: () => import('./attach.js') };
const build: Entry = { name: 'build', load: () => import('./build.js') };
const commit: Entry = { name: 'commit', load: () => import('./commit.js') };
const cp: Entry = { name: 'cp', load: () => import('./cp.js') };
const create: Entry = { name: 'create', load: () => import('./create.js') };
const dashboard: Entry = { name: 'dashboard', load: () => import('./dashboard.js') };
const diff: Entry = { name: 'diff', load: () => import('./diff.js') };
const events: Entry = { name: 'events', load: () => import('./events.js') };
const exec: Entry = { name: 'exec', load: () => import('./exec.js') };
const exportCmd: Entry = { name: 'export', load: () => import('./export.js') };
const history: Entry = { name: 'history', load: () => import('./history.js') };
const importCmd: Entry = { name: 'import', load: () => import('./import.js') };
const info: Entry = { name: 'info', load: () => import('./info.js') };
const kill: Entry = { name: 'kill', load: () => import('./kill.js') };
const load: Entry = { name: 'load', load: () => import('./load.js') };
const logs: Entry = { name: 'logs', load: () => import('./logs.js') };
const pause: Entry = { name: 'pause', load: () => import('./pause.js') };
const port: Entry = { name: 'port', load: () => import('./port.js') };
const pull: Entry = { name: 'pull', load: () => import('./pull.js') };
const push: Entry = { name: 'push', load: () => import('./push.js') };
const login: Entry = { name: 'login', load: () => import('./login.js') };
const logout: Entry = { name: 'logout', load: () => import('./logout.js') };
const search: Entry = { name: 'search', load: () => import('./search.js') };
const rename: Entry = { name: 'rename', load: () => import('./rename.js') };
const restart: Entry = { name: 'restart', load: () => import('./restart.js') };
const run: Entry = { name: 'run', load: () => import('./run.js') };
const save: Entry = { name: 'save', load: () => import('./save.js') };
const start: Entry = { name: 'start', load: () => import('./start.js') };
const stats: Entry = { name: 'stats', load: () => import('./stats.js') };
const stop: Entry = { name: 'stop', load: () => import('./stop.js') };
const tag: Entry = { name: 'tag', load: () => import('./tag.js') };
const top: Entry = { name: 'top', load: () => import('./top.js') };
const unpause: Entry = { name: 'unpause', load: () => import('./unpause.js') };
const update: Entry = { name: 'update', load: () => import('./update.js') };
const wait: Entry = { name: 'wait', load: () => import('./wait.js') };
const loadPs = (): Promise<CommandModule> => import('./ps.js');
const loadImages = (): Promise<CommandModule> => import('./images.js');
const loadRm = (): Promise<CommandModule> => import('./rm.js');
const loadRmi = (): Promise<CommandModule> => import('./rmi.js');

export const TOP_LEVEL: readonly Entry[] = [
  attach, build, commit, cp, create, dashboard, diff, events, exec, exportCmd, history,
  { name: 'images', load: loadImages },
  importCmd, info,
  { name: 'inspect', load: () => import('./inspect.js') },
  kill, load, login, logout, logs, pause, port,
  { name: 'ps', load: loadPs },
  pull, push, rename, restart,
  { name: 'rm', load: loadRm },
  { name: 'rmi', load: loadRmi },
  run, save, search, start, stats, stop, tag, top, unpause, update,
  { name: 'version', load: () => import('./version.js') },
  wait,
];

export const GROUPS: readonly Group[] = [
  {
    name: 'container',
    description: 'Manage containers',
    entries: [
      attach, commit, cp, create, diff, exec, exportCmd,
      { name: 'inspect', load: () => import('./container-inspect.js') },
      kill, logs,
      { name: 'ls', aliases: ['list', 'ps'], load: loadPs },
      pause, port,
      { name: 'prune', load: () => import('./container-prune.js') },
      rename, restart,
      { name: 'rm', aliases: ['remove'], load: loadRm },
      run, start, stats, stop, top, unpause, update, wait,
    ],
  },
  {
    name: 'image',
    description: 'Manage images',
    entries: [
      { name: 'bootstrap', load: () => import('./image-bootstrap.js') },
      build, history, importCmd,
      { name: 'inspect', load: () => import('./image-inspect.js') },
      load,
      { name: 'ls', aliases: ['list'], load: loadImages },
      { name: 'prune', load: () => import('./image-prune.js') },
      pull, push,
      { name: 'rm', aliases: ['remove'], load: loadRmi },
      save, tag,
    ],
  },
  {
    name: 'network',
    description: 'Manage networks',
    entries: [
      { name: 'connect', load: () => import('./network-connect.js') },
      { name: 'create', load: () => import('./network-create.js') },
      { name: 'disconnect', load: () => import('./network-disconnect.js') },
      { name: 'inspect', load: () => import('./network-inspect.js') },
      { name: 'ls', aliases: ['list'], load: () => import('./network-ls.js') },
      { name: 'prune', load: () => import('./network-prune.js') },
      { name: 'rm', aliases: ['remove'], load: () => import('./network-rm.js') },
    ],
  },
  {
    name: 'builder',
    description: 'Manage builds',
    entries: [build, { name: 'prune', load: () => import('./builder-prune.js') }],
  },
  {
    name: 'kube',
    description: 'Play and generate Kubernetes YAML',
    entries: [
      { name: 'down', load: () => import('./kube-down.js') },
      { name: 'generate', load: () => import('./kube-generate.js') },
      { name: 'play', load: () => import('./kube-play.js') },
    ],
  },
  {
    name: 'pod',
    description: 'Manage pods',
    entries: [
      { name: 'create', load: () => import('./pod-create.js') },
      { name: 'inspect', load: () => import('./pod-inspect.js') },
      { name: 'kill', load: () => import('./pod-kill.js') },
      { name: 'logs', load: () => import('./pod-logs.js') },
      { name: 'pause', load: () => import('./pod-pause.js') },
      { name: 'ps', aliases: ['ls', 'list'], load: () => import('./pod-ps.js') },
      { name: 'restart', load: () => import('./pod-restart.js') },
      { name: 'rm', aliases: ['remove'], load: () => import('./pod-rm.js') },
      { name: 'start', load: () => import('./pod-start.js') },
      { name: 'stats', load: () => import('./pod-stats.js') },
      { name: 'stop', load: () => import('./pod-stop.js') },
      { name: 'top', load: () => import('./pod-top.js') },
      { name: 'unpause', load: () => import('./pod-unpause.js') },
    ],
  },
  {
    name: 'system',
    description: 'Manage Wharf',
    entries: [
      { name: 'df', load: () => import('./system-df.js') },
      events, info,
      { name: 'prune', load: () => import('./system-prune.js') },
      { name: 'reset', load: () => import('./system-reset.js') },
    ],
  },
  {
    name: 'volume',
    description: 'Manage volumes',
    entries: [
      { name: 'create', load: () => import('./volume-create.js') },
      { name: 'inspect', load: () => import('./volume-inspect.js') },
      { name: 'ls', aliases: ['list'], load: () => import('./volume-ls.js') },
      { name: 'prune', load: () => import('./volume-prune.js') },
      { name: 'rm', aliases: ['remove'], load: () => import('./volume-rm.js') },
    ],
  },
];

export function findEntry(entries: readonly Entry[], name: string): Entry | undefined {
  return entries.find((e) => e.name === name || e.aliases?.includes(name));
}

export function findGroup(name: string): Group | undefined {
  return GROUPS.find((g) => g.name === name);
}

/** Every way to invoke the command an entry loads (`wharf container ls`, `wharf container ps`, `wharf ps` …). */
export function invocations(bin: string, entry: Entry): string[] {
  const names = (prefix: string, e: Entry): string[] => [e.name, ...(e.aliases ?? [])].map((n) => `${prefix}${n}`);
  const out: string[] = [];
  for (const g of GROUPS) for (const e of g.entries) if (e.load === entry.load) out.push(...names(`${bin} ${g.name} `, e));
  for (const e of TOP_LEVEL) if (e.load === entry.load) out.push(...names(`${bin} `, e));
  return out;
}
