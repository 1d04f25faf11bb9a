/**
 * A RUN step's process: runc (through the runtime's conmon shim) on the
 * step's mounted root, output streamed as it comes, the exit code returned.
 * The container is the builder's own: it never enters the engine's
 * container list, and is deleted whatever happens.
 */
import { lstat, mkdir, rm, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildSpec, resolveUser } from '../../runtime/index.js';
import type { BuilderDeps, RunSandbox } from './deps.js';
import { RunFailure } from './run-failure.js';

export interface RunRequest {
  id: string;
  rootfs: string;
  args: string[];
  env: string[];
  cwd: string;
  user: string;
  /** `default`, `host`, `none` or a network's name. */
  network: string;
  extraHosts: string[];
}

/** What the bind mounts of /etc files create in the step's root when the image lacks them: removed again, so they never land in the layer. */
async function missingEtcPaths(rootfs: string): Promise<string[]> {
  // lstat: a symlink the image has (even a dangling one) is the image's, never removed.
  const exists = (p: string): Promise<boolean> => lstat(join(rootfs, p)).then(() => true, () => false);
  const paths = ['etc/hosts', 'etc/resolv.conf', 'etc/hostname', 'etc'];
  const present = await Promise.all(paths.map(exists));
  return paths.filter((_, i) => !present[i]);
}

async function removeMountPoints(rootfs: string, paths: string[]): Promise<void> {
  // Files first, then /etc itself, only if the step left it empty.
  for (const p of paths) await (p === 'etc' ? rmdir(join(rootfs, p)).catch(() => undefined) : rm(join(rootfs, p), { force: true }));
}

/** A RUN step's output as the build stream carries it: the classic builder paints every stderr write bright red (SGR 91), stdout as is. */
export function runOutputText(data: Buffer, stream: 'stdout' | 'stderr'): string {
  const text = data.toString('utf8');
  return stream === 'stderr' ? `\x1b[91m${text}\x1b[0m` : text;
}

/** Runs the command; `onOutput` gets stdout and stderr as they come, each chunk with its stream. Resolves with the exit code; `signal` kills the process. */
export async function runContainer(
  deps: BuilderDeps,
  req: RunRequest,
  onOutput: (data: Buffer, stream: 'stdout' | 'stderr') => void,
  signal: AbortSignal,
): Promise<number> {
  const bundleDir = join(deps.execRoot, 'bundles', req.id);
  await mkdir(bundleDir, { recursive: true });
  const { runtime } = deps;
  let created = false;
  const kill = (): void => void runtime.kill(req.id, 'SIGKILL').catch(() => undefined);
  const hostname = req.id.slice(0, 12);
  const missing = await missingEtcPaths(req.rootfs);
  let sandbox: RunSandbox | undefined;
  try {
    // Docker's classic builder fails such a step at its container's start, with the network's own words.
    sandbox = await deps.network.join(req.id, { mode: req.network, hostname, extraHosts: req.extraHosts, dir: bundleDir }).catch((err: unknown) => {
      throw new RunFailure(err instanceof Error ? err.message : String(err));
    });
    const hostnameFile = join(bundleDir, 'hostname');
    await writeFile(hostnameFile, hostname + '\n');
    const spec = buildSpec({
      id: req.id,
      rootfs: req.rootfs,
      args: req.args,
      env: req.env,
      cwd: req.cwd || '/',
      user: await resolveUser(req.rootfs, req.user, []),
      hostname,
      tty: false,
      namespaces: { network: sandbox.namespace },
      etcFiles: { hosts: sandbox.hosts, resolvConf: sandbox.resolvConf, hostname: hostnameFile },
      host: deps.hostFacts,
      ...(deps.cgroupParent ? { cgroupParent: deps.cgroupParent } : {}),
    });
    await runtime.create(req.id, { bundleDir, spec, tty: false, openStdin: false, stdinOnce: false });
    created = true;
    const session = await runtime.attach(req.id, { stdin: false, stdout: true, stderr: true });
    const exited = runtime.waitExit(req.id);
    await runtime.start(req.id);
    if (signal.aborted) kill();
    else signal.addEventListener('abort', kill, { once: true });
    for await (const chunk of session.output) onOutput(chunk.data, chunk.stream);
    return (await exited).exitCode;
  } finally {
    signal.removeEventListener('abort', kill);
    if (created) await runtime.delete(req.id, { force: true }).catch(() => undefined);
    await sandbox?.release();
    await removeMountPoints(req.rootfs, missing);
    await rm(bundleDir, { recursive: true, force: true });
  }
}
