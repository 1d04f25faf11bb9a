/**
 * A RUN step's process: runc (through the runtime's conmon shim) on the
 * step's mounted root, output streamed as it comes, the exit code returned.
 * The container is the builder's own: it never enters the engine's
 * container list, and is deleted whatever happens.
 */
import { access, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildSpec, resolveUser, type NamespaceMode } from '../../runtime/index.js';
import type { BuilderDeps } from './deps.js';

export interface RunRequest {
  id: string;
  rootfs: string;
  args: string[];
  env: string[];
  cwd: string;
  user: string;
  network: string;
}

const HOSTS = '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n';

function networkNamespace(mode: string): NamespaceMode {
  return mode === 'host' ? { type: 'host' } : { type: 'private' };
}

/** Files bound over the image's own /etc/hosts and /etc/resolv.conf; only where the image has them, so no empty file lands in the layer. */
async function etcFiles(bundle: string, rootfs: string): Promise<{ hosts?: string; resolvConf?: string }> {
  const out: { hosts?: string; resolvConf?: string } = {};
  const exists = (p: string): Promise<boolean> => access(join(rootfs, p)).then(() => true, () => false);
  if (await exists('etc/hosts')) {
    out.hosts = join(bundle, 'hosts');
    await writeFile(out.hosts, HOSTS);
  }
  if (await exists('etc/resolv.conf')) {
    out.resolvConf = join(bundle, 'resolv.conf');
    await writeFile(out.resolvConf, await readFile('/etc/resolv.conf').catch(() => Buffer.from('')));
  }
  return out;
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
  try {
    const spec = buildSpec({
      id: req.id,
      rootfs: req.rootfs,
      args: req.args,
      env: req.env,
      cwd: req.cwd || '/',
      user: await resolveUser(req.rootfs, req.user, []),
      hostname: req.id.slice(0, 12),
      tty: false,
      namespaces: { network: networkNamespace(req.network) },
      etcFiles: await etcFiles(bundleDir, req.rootfs),
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
    await rm(bundleDir, { recursive: true, force: true });
  }
}
