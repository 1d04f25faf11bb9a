/** What the `kube generate` tests share: a generated file read back and validated, a page polled on loopback. */
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { DaemonSet, Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { ConfigMap, PersistentVolumeClaim, Pod, Secret, Service } from 'kubernetes-models/v1';
import { waitFor } from './wait.js';

// `any`: YAML read back, its shape asserted field by field.
export type Obj = Record<string, any>;

const MODELS = { Pod, Deployment, DaemonSet, Job, Service, PersistentVolumeClaim, ConfigMap, Secret };

/** The documents of a generated file, each validated by the kubernetes-models schema of its kind. */
export function validated(text: string): Obj[] {
  const docs = parseAllDocuments(text).map((doc) => doc.toJS() as Obj);
  for (const o of docs) {
    const model = MODELS[o.kind as keyof typeof MODELS];
    assert.ok(model, `unexpected kind ${o.kind}`);
    new model(o as never).validate();
  }
  return docs;
}

/** A random fixed host port: side-by-side test daemons would otherwise pick the same one. */
export const hostPort = (): number => 20000 + Math.floor(Math.random() * 10000);

export async function page(port: number, path = '/'): Promise<string> {
  return waitFor(() => fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(3000) }).then((r) => (r.ok ? r.text() : undefined), () => undefined), {
    what: `a page on 127.0.0.1:${port}${path}`,
  });
}
