/**
 * A container's probes as its Docker healthcheck. Docker has one healthcheck
 * per container: the liveness probe, else the readiness probe, else the startup
 * probe becomes it; the others are warnings. Docker marks a container
 * unhealthy and does nothing more, so a failing liveness probe does not restart it.
 */
import type { ContainerCreateRequest } from '../apitypes/containers.js';
import { port, type Fields } from './fields.js';

type HealthConfig = NonNullable<ContainerCreateRequest['Healthcheck']>;

const SECOND = 1e9;
const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

/** A shell word: the URL or host of a probe goes into CMD-SHELL as one. */
const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

function seconds(p: Fields, key: string, min: number): number | undefined {
  const v = p.int(key);
  if (v !== undefined && v < min) p.fail(key, `must be greater than or equal to ${min}`);
  return v;
}

function target(f: Fields): { host: string; port: number } {
  const n = port(f, 'port');
  // A named port would need the container's ports by name; a number is what most files use.
  if (n === undefined) f.fail('port', 'required (a number: named ports are not supported)');
  return { host: f.string('host') ?? '127.0.0.1', port: n };
}

function probeTest(p: Fields): string[] {
  const exec = p.object('exec');
  const http = p.object('httpGet');
  const tcp = p.object('tcpSocket');
  if (exec) {
    const command = exec.strings('command') ?? exec.fail('command', 'required');
    exec.done();
    return ['CMD', ...command];
  }
  if (http) {
    const { host, port: n } = target(http);
    const scheme = (http.string('scheme') ?? 'HTTP').toLowerCase();
    if (scheme !== 'http' && scheme !== 'https') http.fail('scheme', `unsupported value "${scheme}": must be HTTP or HTTPS`);
    const path = http.string('path') ?? '/';
    http.done();
    // wget rather than curl: it is the one busybox and most small images carry.
    return ['CMD-SHELL', `wget -q -O /dev/null ${quote(`${scheme}://${host}:${n}${path.startsWith('/') ? path : `/${path}`}`)}`];
  }
  if (tcp) {
    const { host, port: n } = target(tcp);
    tcp.done();
    return ['CMD-SHELL', `nc -z ${quote(host)} ${n}`];
  }
  return p.fail('exec', 'a probe needs exec, httpGet or tcpSocket (grpc is not supported)');
}

function healthOf(p: Fields): HealthConfig {
  const test = probeTest(p);
  const period = seconds(p, 'periodSeconds', 1) ?? 10;
  const timeout = seconds(p, 'timeoutSeconds', 1) ?? 1;
  const retries = seconds(p, 'failureThreshold', 1) ?? 3;
  const delay = seconds(p, 'initialDelaySeconds', 0) ?? 0;
  // Docker counts one success as healthy; more is a Kubernetes refinement.
  p.ignore('successThreshold', 'terminationGracePeriodSeconds');
  p.done();
  return { Test: test, Interval: period * SECOND, Timeout: timeout * SECOND, Retries: retries, ...(delay > 0 ? { StartPeriod: delay * SECOND } : {}) };
}

/** The container's healthcheck, if it has a probe; warns for probes left over. */
export function containerHealth(c: Fields): HealthConfig | undefined {
  let health: HealthConfig | undefined;
  for (const key of PROBES) {
    const p = c.object(key);
    if (!p) continue;
    const h = healthOf(p);
    if (health) c.warn(key, 'only one probe becomes the container\'s healthcheck (liveness, else readiness, else startup): ignored');
    else {
      health = h;
      if (key === 'livenessProbe') c.warn(key, 'a failing probe marks the container unhealthy; Wharf does not restart it');
    }
  }
  return health;
}
