/**
 * `com.docker.compose.config-hash`: a digest of what a container was made
 * from, so `up` can tell a changed service from an unchanged one. It leaves
 * out what Compose v2's ServiceHash leaves out (build, pull policy, scale and
 * replicas, depends_on, profiles, develop: none changes the container), but
 * hashes our own canonical JSON (keys sorted), so its value differs from v2's:
 * a project v2 started is recognised, and its containers recreated once.
 */
import { createHash } from 'node:crypto';
import type { ServiceConfig } from '../types.js';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = canonical(v);
  }
  return out;
}

export function serviceHash(service: ServiceConfig): string {
  const { build: _build, pull_policy: _pull, scale: _scale, depends_on: _deps, profiles: _profiles, develop: _develop, ...rest } = service;
  const deploy = rest.deploy ? { ...rest.deploy, replicas: undefined } : undefined;
  return createHash('sha256')
    .update(JSON.stringify(canonical({ ...rest, deploy })))
    .digest('hex');
}
