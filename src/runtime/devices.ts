/**
 * Devices: the device-cgroup allow list every container gets, parsing of
 * --device-cgroup-rule, and host device nodes for --device / --privileged.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode, invalidArgument, notFound } from '../errdefs/index.js';
import type { LinuxDevice, LinuxDeviceCgroup } from '../oci/runtime-spec.js';

const cdev = (major: number | null, minor: number | null, access = 'rwm'): LinuxDeviceCgroup => ({ allow: true, type: 'c', major, minor, access });

/**
 * Deny everything, then allow what a container's /dev holds by default (null,
 * zero, full, random, urandom, tty, console, ptmx, pts/*, net/tun) and mknod
 * of any device, as runc's and containerd's defaults do.
 */
export function defaultDeviceRules(): LinuxDeviceCgroup[] {
  return [
    { allow: false, access: 'rwm' },
    cdev(null, null, 'm'),
    { allow: true, type: 'b', major: null, minor: null, access: 'm' },
    cdev(1, 3),
    cdev(1, 5),
    cdev(1, 7),
    cdev(1, 8),
    cdev(1, 9),
    cdev(5, 0),
    cdev(5, 1),
    cdev(5, 2),
    cdev(136, null),
    cdev(10, 200),
  ];
}

/** `c 1:3 rwm`, `b *:* r`, `a 7:* m` → a cgroup rule; Docker's message on bad input. */
export function parseDeviceCgroupRule(rule: string): LinuxDeviceCgroup {
  const m = /^([acb]) ([0-9]+|\*):([0-9]+|\*) ([rwm]{1,3})$/.exec(rule.trim());
  if (!m) throw invalidArgument(`invalid device cgroup format '${rule}'`);
  const num = (s: string | undefined): number | null => (s === undefined || s === '*' ? null : Number(s));
  return { allow: true, type: m[1] as 'a' | 'c' | 'b', major: num(m[2]), minor: num(m[3]), access: m[4] };
}

/** Linux's dev_t encoding (glibc major()/minor()). */
function majorMinor(rdev: number): { major: number; minor: number } {
  const dev = BigInt(rdev);
  const major = Number(((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn));
  const minor = Number((dev & 0xffn) | ((dev >> 12n) & ~0xffn));
  return { major, minor };
}

async function deviceNode(hostPath: string, containerPath: string): Promise<LinuxDevice | undefined> {
  const st = await stat(hostPath);
  const type = st.isCharacterDevice() ? 'c' : st.isBlockDevice() ? 'b' : st.isFIFO() ? 'p' : undefined;
  if (!type) return undefined;
  const { major, minor } = type === 'p' ? { major: 0, minor: 0 } : majorMinor(st.rdev);
  return { path: containerPath, type, major, minor, fileMode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
}

/**
 * `--device /dev/sda:/dev/xvda:rwm`: the node(s) and their cgroup rules. A
 * directory adds every device below it, as Docker does.
 */
export async function devicesFromHost(
  pathOnHost: string,
  pathInContainer = pathOnHost,
  permissions = 'rwm',
): Promise<{ devices: LinuxDevice[]; rules: LinuxDeviceCgroup[] }> {
  if (!/^[rwm]{1,3}$/.test(permissions)) throw invalidArgument(`invalid device mode: ${permissions}`);
  let st;
  try {
    st = await stat(pathOnHost);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') throw notFound(`error gathering device information while adding custom device "${pathOnHost}": no such file or directory`);
    throw err;
  }
  const pairs: Array<[string, string]> = st.isDirectory()
    ? (await walkDevices(pathOnHost)).map((p) => [p, join(pathInContainer, p.slice(pathOnHost.length))])
    : [[pathOnHost, pathInContainer]];
  const devices: LinuxDevice[] = [];
  for (const [host, inContainer] of pairs) {
    const d = await deviceNode(host, inContainer);
    if (d) devices.push(d);
  }
  if (devices.length === 0) throw invalidArgument(`error gathering device information while adding custom device "${pathOnHost}": not a device node`);
  const rules = devices.filter((d) => d.type !== 'p').map((d) => ({ allow: true, type: d.type as 'c' | 'b', major: d.major, minor: d.minor, access: permissions }));
  return { devices, rules };
}

async function walkDevices(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const ent of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, ent.name);
    if (ent.isDirectory()) out.push(...(await walkDevices(p)));
    else if (ent.isCharacterDevice() || ent.isBlockDevice()) out.push(p);
  }
  return out;
}

/** Every device node under the host's /dev (for --privileged), skipping pts and the console as Docker does. */
export async function hostDevices(devRoot = '/dev'): Promise<LinuxDevice[]> {
  const skip = new Set([join(devRoot, 'pts'), join(devRoot, 'console'), join(devRoot, 'ptmx'), join(devRoot, 'shm'), join(devRoot, 'mqueue')]);
  const out: LinuxDevice[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const ent of await readdir(dir, { withFileTypes: true })) {
      const p = join(dir, ent.name);
      if (skip.has(p)) continue;
      if (ent.isDirectory()) await walk(p);
      else if (ent.isCharacterDevice() || ent.isBlockDevice()) {
        // A node can vanish between readdir and stat (hotplug); skip it.
        const d = await deviceNode(p, p).catch(() => undefined);
        if (d) out.push(d);
      }
    }
  };
  await walk(devRoot);
  return out;
}
