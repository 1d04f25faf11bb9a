/**
 * A container's probes as Wharf runs them. The livenessProbe is the Docker
 * healthcheck, with HostConfig.HealthOnFailure `restart` (podman's
 * `--health-on-failure`), so a failing probe restarts the container (`kill`
 * under `restartPolicy: Never`: it ends, as Kubernetes leaves it). The
 * readinessProbe is Wharf's second check, HostConfig.ReadinessCheck, which
 * keeps the pod's Service names out of the embedded DNS while it fails. A
 * startupProbe holds the liveness probe back (Docker's start period: failures
 * do not count until the first success or its end); alone, it is the
 * healthcheck. httpGet is wget in the container (busybox has it); tcpSocket is
 * Wharf's `TCP` check, a connection from the daemon to the pod's address as
 * the kubelet makes it (busybox's nc has no `-z`).
 */
import { TCP_HEALTH_TEST, type ContainerCreateRequest, type HealthOnFailure } from '../apitypes/containers.js';
import { port, type Fields } from './fields.js';

type HealthConfig = NonNullable<ContainerCreateRequest['Healthcheck']>;

export interface ContainerProbes {
  Healthcheck?: HealthConfig;
  HealthOnFailure?: HealthOnFailure;
  ReadinessCheck?: HealthConfig;
}

const SECOND = 1e9;

/** A shell word: the URL of a probe goes into CMD-SHELL as one. */
const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

function seconds(p: Fields, key: string, min: number): number | undefined {
  const v = p.int(key);
  if (v !== undefined && v < min) p.fail(key, `must be greater than or equal to ${min}`);
  return v;
}

function target(f: Fields): { host?: string; port: number } {
  const n = port(f, 'port');
  // A named port would need the container's ports by name; a number is what most files use.
  if (n === undefined) f.fail('port', 'required (a number: named ports are not supported)');
  return { host: f.string('host'), port: n };
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
    if (http.objects('httpHeaders').length > 0) http.warn('httpHeaders', 'not sent: the probe is busybox wget, which takes no headers');
    http.done();
    // wget rather than curl: it is the one busybox and most small images carry. The members share the pod's network: 127.0.0.1 is the pod.
    return ['CMD-SHELL', `wget -q -O /dev/null ${quote(`${scheme}://${host ?? '127.0.0.1'}:${n}${path.startsWith('/') ? path : `/${path}`}`)}`];
  }
  if (tcp) {
    const { host, port: n } = target(tcp);
    tcp.done();
    return [TCP_HEALTH_TEST, host ? `${host.includes(':') ? `[${host}]` : host}:${n}` : String(n)];
  }
  return p.fail('exec', 'a probe needs exec, httpGet or tcpSocket (grpc is not supported)');
}

function checkOf(p: Fields): HealthConfig {
  const test = probeTest(p);
  const period = seconds(p, 'periodSeconds', 1) ?? 10;
  const timeout = seconds(p, 'timeoutSeconds', 1) ?? 1;
  const retries = seconds(p, 'failureThreshold', 1) ?? 3;
  const delay = seconds(p, 'initialDelaySeconds', 0) ?? 0;
  const successes = seconds(p, 'successThreshold', 1) ?? 1;
  // Docker counts one success as healthy.
  if (successes > 1) p.warn('successThreshold', 'one success counts: Wharf\'s checks pass at the first');
  p.ignore('terminationGracePeriodSeconds');
  p.done();
  return { Test: test, Interval: period * SECOND, Timeout: timeout * SECOND, Retries: retries, ...(delay > 0 ? { StartPeriod: delay * SECOND } : {}) };
}

/** The startup probe's window: until its first success, or until it would have failed. */
function startupWindow(s: HealthConfig): number {
  return (s.StartPeriod ?? 0) + (s.Interval ?? 0) * (s.Retries ?? 1);
}

/** The container's checks from its probes; `restartPolicy` is the pod's. */
export function containerProbes(c: Fields, restartPolicy: string | undefined): ContainerProbes {
  const liveness = c.object('livenessProbe');
  const readiness = c.object('readinessProbe');
  const startup = c.object('startupProbe');
  let health = liveness ? checkOf(liveness) : undefined;
  const start = startup ? checkOf(startup) : undefined;
  if (health && start) {
    health.StartPeriod = Math.max(health.StartPeriod ?? 0, startupWindow(start));
    c.warn('startupProbe', 'approximated: the livenessProbe\'s failures do not count until its first success or for initialDelaySeconds + periodSeconds × failureThreshold of the startupProbe');
  } else if (start) {
    health = start;
    c.warn('startupProbe', 'it keeps probing after its first success: a later failure restarts the container too');
  }
  const out: ContainerProbes = {};
  if (health) {
    out.Healthcheck = health;
    out.HealthOnFailure = restartPolicy === 'Never' ? 'kill' : 'restart';
  }
  if (readiness) out.ReadinessCheck = checkOf(readiness);
  return out;
}
