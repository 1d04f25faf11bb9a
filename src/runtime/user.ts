/**
 * Resolve Docker's `--user` forms (`name`, `uid`, `name:group`, `uid:gid`) and
 * `--group-add` against a container's /etc/passwd and /etc/group, with the
 * semantics and messages of runc's libcontainer/user that Docker relies on:
 * - a numeric user missing from passwd is fine (gid 0);
 * - a named user or group that is missing is an error;
 * - supplementary groups come from /etc/group only when no group was given.
 */
import { readFile } from 'node:fs/promises';
import { errnoCode, invalidArgument } from '../errdefs/index.js';
import { resolveInRoot } from './scoped-path.js';
import type { ResolvedUser } from './types.js';

const MAX_ID = 2147483647;
const RANGE_MESSAGE = `uids and gids must be in range 0-${MAX_ID}`;

interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
}

interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

function lines(text: string): string[][] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.split(':'));
}

export function parsePasswd(text: string): PasswdEntry[] {
  return lines(text).map((f) => ({ name: f[0] ?? '', uid: Number.parseInt(f[2] ?? '', 10), gid: Number.parseInt(f[3] ?? '', 10) }));
}

export function parseGroup(text: string): GroupEntry[] {
  return lines(text).map((f) => ({
    name: f[0] ?? '',
    gid: Number.parseInt(f[2] ?? '', 10),
    members: (f[3] ?? '').split(',').map((m) => m.trim()).filter((m) => m !== ''),
  }));
}

/** A non-negative decimal id, or undefined when `s` is not numeric (as Go's Atoi would refuse it). */
function numericId(s: string): number | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const n = Number(s);
  if (n < 0 || n > MAX_ID) throw invalidArgument(RANGE_MESSAGE);
  return n;
}

/**
 * Pure resolution from file texts; `undefined` text means the file does not exist.
 * `groupAdd` entries are group names or gids (HostConfig.GroupAdd).
 */
export function resolveUserFromFiles(
  userSpec: string,
  passwdText: string | undefined,
  groupText: string | undefined,
  groupAdd: string[] = [],
): ResolvedUser {
  const sep = userSpec.indexOf(':');
  const userArg = sep < 0 ? userSpec : userSpec.slice(0, sep);
  const groupArg = sep < 0 ? '' : userSpec.slice(sep + 1);
  const passwd = passwdText === undefined ? [] : parsePasswd(passwdText);
  const groups = groupText === undefined ? [] : parseGroup(groupText);

  let uid = 0;
  let gid = 0;
  let matchedName = '';
  const uidArg = numericId(userArg);
  const match = passwd.find((u) => (userArg === '' ? u.uid === 0 : uidArg === undefined ? u.name === userArg : u.uid === uidArg));
  if (match) {
    matchedName = match.name;
    uid = match.uid;
    gid = match.gid;
  } else if (userArg !== '') {
    if (uidArg === undefined) throw invalidArgument(`unable to find user ${userArg}: no matching entries in passwd file`);
    uid = uidArg;
  }

  let additionalGids: number[] = [];
  if (groupArg !== '') {
    const gidArg = numericId(groupArg);
    const g = groups.find((e) => (gidArg === undefined ? e.name === groupArg : e.gid === gidArg));
    if (g) gid = g.gid;
    else if (gidArg === undefined) throw invalidArgument(`unable to find group ${groupArg}: no matching entries in group file`);
    else gid = gidArg;
  } else if (matchedName !== '') {
    additionalGids = groups.filter((g) => g.members.includes(matchedName)).map((g) => g.gid);
  }

  for (const ag of groupAdd) {
    const agId = numericId(ag);
    const g = groups.find((e) => (agId === undefined ? e.name === ag : e.gid === agId));
    if (g) additionalGids.push(g.gid);
    else if (agId === undefined) throw invalidArgument(`Unable to find group ${ag}: no matching entries in group file`);
    else additionalGids.push(agId);
  }
  return { uid, gid, additionalGids: [...new Set(additionalGids)] };
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw err;
  }
}

/** Resolve against a mounted rootfs, following its symlinks without leaving it. */
export async function resolveUser(rootfs: string, userSpec: string, groupAdd: string[] = []): Promise<ResolvedUser> {
  const [passwdPath, groupPath] = await Promise.all([resolveInRoot(rootfs, '/etc/passwd'), resolveInRoot(rootfs, '/etc/group')]);
  const [passwd, group] = await Promise.all([readIfExists(passwdPath), readIfExists(groupPath)]);
  return resolveUserFromFiles(userSpec, passwd, group, groupAdd);
}
