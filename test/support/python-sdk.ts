/**
 * The Python SDK (Debian's python3-docker) as a test client: where a behaviour is
 * SDK-only, the test runs a short script against the daemon exactly as a user would,
 * with nothing but DOCKER_HOST set. The script prints one JSON value on its last line.
 */
import { run } from './daemon.js';

export interface SdkTarget {
  env: Record<string, string>;
}

const PRELUDE = [
  'import docker, json, sys, base64',
  'client = docker.from_env(timeout=120)',
  'def emit(v):',
  '    sys.stdout.write(json.dumps(v) + "\\n")',
  'def b64(b):',
  '    return None if b is None else base64.b64encode(b).decode()',
].join('\n');

/**
 * Runs `body` (Python, with `client`, `emit(v)` and `b64(bytes)` in scope) and returns
 * what it emitted last, parsed. A Python exception fails with its traceback.
 */
export async function pythonSdk<T = unknown>(target: SdkTarget, body: string, timeoutMs = 120_000): Promise<T> {
  const script = `${PRELUDE}\n${body}\n`;
  const r = await run('python3', ['-c', script], { env: target.env, timeoutMs });
  if (r.code !== 0) throw new Error(`python SDK script exited ${r.code}\n${r.stderr}\nscript:\n${body}`);
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] ?? 'null') as T;
}

/** Decodes a `b64(...)` value emitted by a script. */
export function fromB64(v: string | null): Buffer | null {
  return v === null ? null : Buffer.from(v, 'base64');
}
