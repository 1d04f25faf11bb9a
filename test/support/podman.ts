/**
 * A private podman (Debian's 4.3) beside a test's wharfd, for side-by-side tests and the
 * bench. It shares nothing with a system podman or another run: storage, run root, tmp dir
 * and volumes live under one temp dir; a containers.conf given by CONTAINERS_CONF (also to
 * conmon, so the `container cleanup` processes it spawns read it too); its own CNI config
 * directory, whose `podman-default-kube-network` (where `kube play` puts pods given no
 * --network) has a bridge, a /24 and an IPAM directory of its own. busybox comes from the
 * wharfd as a `docker save` tarball: no registry. `destroy()` removes the containers, the
 * storage, the bridge and the firewall rules and chains this podman made.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, rmdir, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { run, unmountUnder, type Daemon, type RunOptions, type RunResult } from './daemon.js';
import { waitFor } from './wait.js';
import { mustRun } from '../../src/network/exec.js';

const PODMAN = ['/usr/bin/podman', '/usr/local/bin/podman'].find((p) => existsSync(p));

/** Why a podman comparison cannot run here, or undefined when it can. */
export const podmanMissing: string | undefined = PODMAN ? undefined : 'podman is not installed (scripts/install-deps.sh installs Debian\'s 4.3)';

/** The network podman 4.3's `kube play` uses when given no --network (it writes one on first use if absent). */
const KUBE_NETWORK = 'podman-default-kube-network';

/** Made on first use by runc (its default root, podman passes none) and libcni (its cache): removed after if we made them. */
const HOST_DIRS = ['/var/lib/cni/results', '/var/lib/cni/networks', '/var/lib/cni', '/run/runc'];

export interface Podman {
  podman(args: string[], opts?: RunOptions): Promise<RunResult>;
  /** Idempotent. */
  destroy(): Promise<void>;
  /** What of this podman is still on the host: its directory, bridge, firewall rules naming its subnet, netns. */
  leftovers(): Promise<string[]>;
}

/**
 * Root podman 4.3 asks runc for nofile and nproc of 1048576, above this VM's hard limits
 * (and without CAP_SYS_RESOURCE runc may not raise them). Soft equals hard: 4.3 swaps the
 * two for a pod's infra container, and soft above hard is EINVAL.
 */
function containersConf(dir: string): string {
  return `[containers]
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]

[engine]
cgroup_manager = "cgroupfs"
events_logger = "none"
tmp_dir = "${dir}/tmp"
volume_path = "${dir}/volumes"
image_copy_tmp_dir = "${dir}/tmp"
conmon_env_vars = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "CONTAINERS_CONF=${dir}/containers.conf"]

[network]
network_backend = "cni"
network_config_dir = "${dir}/net"
default_network = "${KUBE_NETWORK}"
`;
}

/** The plugins podman 4.3 writes for its kube network, with our bridge, subnet and IPAM directory. */
function kubeNetwork(dir: string, bridge: string, subnet: string): string {
  return JSON.stringify({
    cniVersion: '0.4.0',
    name: KUBE_NETWORK,
    plugins: [
      {
        type: 'bridge',
        bridge,
        isGateway: true,
        ipMasq: true,
        hairpinMode: true,
        ipam: { type: 'host-local', dataDir: join(dir, 'ipam'), routes: [{ dst: '0.0.0.0/0' }], ranges: [[{ subnet: `${subnet}.0/24`, gateway: `${subnet}.1` }]] },
        capabilities: { ips: true },
      },
      { type: 'portmap', capabilities: { portMappings: true } },
      { type: 'firewall', backend: '' },
      { type: 'tuning' },
    ],
  });
}

export async function startPodman(wharf: Daemon): Promise<Podman | undefined> {
  if (!PODMAN) return undefined;
  const podmanBin = PODMAN;
  const dir = await mkdtemp('/tmp/wpm-');
  const bridge = `wpm${randomBytes(2).toString('hex')}`;
  // 10.239/16: beside the test daemons' 10.240–10.254 default bridges.
  const subnet = `10.239.${randomBytes(1)[0]}`;
  const netnsBefore = new Set(await readdir('/run/netns').catch(() => []));
  const existed = new Map(HOST_DIRS.map((p) => [p, existsSync(p)]));
  const chainsBefore = new Map(await Promise.all(FAMILIES.map(async (f) => [f, chainsOf(await mustRun(`${f}-save`, []))] as const)));
  await mkdir(join(dir, 'net'), { recursive: true });
  await writeFile(join(dir, 'containers.conf'), containersConf(dir));
  await writeFile(join(dir, 'net', `${KUBE_NETWORK}.conflist`), kubeNetwork(dir, bridge, subnet));
  const env = { CONTAINERS_CONF: join(dir, 'containers.conf') };
  const global = ['--root', join(dir, 'root'), '--runroot', join(dir, 'run')];
  const podman = (args: string[], opts: RunOptions = {}): Promise<RunResult> => run(podmanBin, [...global, ...args], { ...opts, env: { ...env, ...opts.env } });

  let destroyed = false;
  const destroy = async (): Promise<void> => {
    if (destroyed) return;
    destroyed = true;
    await podman(['pod', 'rm', '-af', '-t', '0']);
    await podman(['rm', '-af', '-t', '0']);
    // conmon runs `podman container cleanup` as each container exits: let those finish before the root goes.
    await waitFor(async () => !(await run('ps', ['-eo', 'args='])).stdout.split('\n').some((l) => l.includes(dir)), { what: 'podman and conmon processes to exit', timeoutMs: 30_000 }).catch(() => undefined);
    await unmountUnder(dir);
    await rm(dir, { recursive: true, force: true });
    if (existsSync(`/sys/class/net/${bridge}`)) await mustRun('ip', ['link', 'del', 'dev', bridge]);
    for (const f of FAMILIES) await removeFirewall(f, `${subnet}.`, chainsBefore.get(f) ?? new Set());
    // Deepest first; rmdir leaves a directory that someone else has filled meanwhile.
    for (const p of HOST_DIRS) if (!existed.get(p)) await rmdir(p).catch(() => undefined);
  };

  try {
    const tar = join(dir, 'busybox.tar');
    const saved = await wharf.wharf(['save', '-o', tar, 'busybox']);
    if (saved.code !== 0) throw new Error(`wharf save busybox: ${saved.stderr}`);
    // containers/image keeps root's blob-info cache in /var/lib/containers/cache, with no option
    // to move it: the load runs in a private mount namespace where /var/lib is an empty tmpfs.
    const loaded = await run('unshare', ['-m', 'sh', '-c', 'mount -t tmpfs tmpfs /var/lib && exec "$@"', 'sh', podmanBin, ...global, 'load', '-i', tar], { env });
    if (loaded.code !== 0) throw new Error(`podman load: ${loaded.stderr}`);
    await rm(tar);
  } catch (err) {
    await destroy();
    throw err;
  }
  const leftovers = async (): Promise<string[]> => {
    const out = existsSync(dir) ? [`dir ${dir}`] : [];
    if (existsSync(`/sys/class/net/${bridge}`)) out.push(`link ${bridge}`);
    for (const f of FAMILIES) for (const l of (await mustRun(`${f}-save`, [])).split('\n')) if (l.includes(`${subnet}.`)) out.push(`rule ${l}`);
    // podman names its network namespaces cni-<uuid>; ours are gone once its containers are.
    const netns = (await readdir('/run/netns').catch(() => [])).filter((n) => n.startsWith('cni-') && !netnsBefore.has(n));
    return [...out, ...netns.map((n) => `netns ${n}`)];
  };
  return { podman, destroy, leftovers };
}

const FAMILIES = ['iptables', 'ip6tables'] as const;
type Family = (typeof FAMILIES)[number];

/** `table chain` of every chain in an iptables-save dump. */
function chainsOf(saved: string): Set<string> {
  const out = new Set<string>();
  let table = '';
  for (const line of saved.split('\n')) {
    if (line.startsWith('*')) table = line.slice(1);
    else if (line.startsWith(':')) out.add(`${table} ${line.slice(1).split(' ')[0]}`);
  }
  return out;
}

/**
 * The chains the CNI plugins share between networks (portmap's, the firewall plugin's), and
 * the chains whose rules mean some network uses them (the rest are the plugins' fixed rules).
 */
const SHARED = [
  { chains: /^CNI-HOSTPORT-(DNAT|SETMARK|MASQ)$/, users: /^CNI-HOSTPORT-DNAT$/ },
  { chains: /^CNI-(FORWARD|ADMIN)$/, users: /^CNI-(FORWARD|ADMIN)$/ },
];
/** A per-container chain (bridge's masquerade `CNI-<hash>`, portmap's `CNI-DN-<hash>`). */
const PER_CONTAINER = /^CNI-(DN-)?[0-9a-f]+$/;

interface Rule {
  table: string;
  chain: string;
  spec: string;
  jump: string;
}

/**
 * What the CNI plugins left for this podman: rules naming its subnet and the per-container
 * chains holding them (podman's teardown normally removed them already), and the shared
 * chains that did not exist before it started, once no other network has rules in them.
 */
async function removeFirewall(family: Family, subnetPrefix: string, before: Set<string>): Promise<void> {
  const saved = await mustRun(`${family}-save`, []);
  const rules: Rule[] = [];
  let table = '';
  for (const line of saved.split('\n')) {
    if (line.startsWith('*')) table = line.slice(1);
    if (!line.startsWith('-A ')) continue;
    const spec = line.slice(3);
    rules.push({ table, chain: spec.split(' ')[0] ?? '', spec, jump: / -j (\S+)/.exec(spec)?.[1] ?? '' });
  }
  const key = (r: { table: string; chain: string }): string => `${r.table} ${r.chain}`;
  const drop = new Set<string>(rules.filter((r) => r.spec.includes(subnetPrefix) && PER_CONTAINER.test(r.chain)).map(key));
  const ours = (r: Rule): boolean => r.spec.includes(subnetPrefix) || drop.has(key(r)) || drop.has(`${r.table} ${r.jump}`);
  for (const shared of SHARED) {
    const chains = [...chainsOf(saved)].filter((c) => shared.chains.test(c.split(' ')[1] ?? '') && !before.has(c));
    const inUse = rules.some((r) => shared.users.test(r.chain) && !ours(r) && !shared.chains.test(r.jump));
    if (!inUse) for (const c of chains) drop.add(c);
  }
  const byTable = new Map<string, string[]>();
  const add = (t: string, line: string): void => void byTable.set(t, [...(byTable.get(t) ?? []), line]);
  // Rules inside dropped chains go with their flush; the others that are ours or jump into them, one by one.
  for (const r of rules) if (!drop.has(key(r)) && (ours(r) || drop.has(`${r.table} ${r.jump}`))) add(r.table, `-D ${r.spec}`);
  // Every chain is flushed before any is deleted: they jump to each other.
  for (const c of drop) add(c.split(' ')[0] ?? '', `-F ${c.split(' ')[1]}`);
  for (const c of drop) add(c.split(' ')[0] ?? '', `-X ${c.split(' ')[1]}`);
  const script = [...byTable].flatMap(([t, lines]) => [`*${t}`, ...lines, 'COMMIT']);
  if (script.length > 0) await mustRun(`${family}-restore`, ['--wait', '--noflush'], { input: script.join('\n') + '\n' });
}

