/**
 * `kube play --build`, podman's meaning: an image whose name is also a
 * directory of the build context root (the working directory) holding a
 * Containerfile or Dockerfile is built from it, tagged with that image name:
 * always with `--build`, only when the daemon lacks the image by default,
 * never with `--build=false`. The build itself is the CLI's (`ImageBuilder`):
 * kube, a plain API client, does not pack contexts.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { ApiClient } from '../client/client.js';
import { inspectImage } from '../client/images.js';
import { orUndefined } from './found.js';
import type { Plan } from './plan.js';

export type BuildMode = 'missing' | 'always' | 'never';

/** Builds the context `dir` (with its `file`) as `tag`, writing progress as `docker build` does. */
export type ImageBuilder = (dir: string, file: string, tag: string) => Promise<void>;

/** The directory name podman looks for: the image's last path component, without tag or digest. */
export function contextName(image: string): string {
  const path = image.split('@')[0]!;
  const last = path.slice(path.lastIndexOf('/') + 1);
  const colon = last.indexOf(':');
  return colon < 0 ? last : last.slice(0, colon);
}

async function buildFile(dir: string): Promise<string | undefined> {
  for (const name of ['Containerfile', 'Dockerfile']) {
    if (await access(join(dir, name)).then(() => true, () => false)) return name;
  }
  return undefined;
}

export async function buildImages(client: ApiClient, plan: Plan, o: { mode: BuildMode; root: string; builder: ImageBuilder }): Promise<void> {
  if (o.mode === 'never') return;
  const images = new Set(plan.pods.flatMap((p) => [...p.initContainers, ...p.containers]).flatMap((c) => (c.body.Image ? [c.body.Image] : [])));
  for (const image of images) {
    const dir = join(o.root, contextName(image));
    const file = await buildFile(dir);
    if (!file) continue;
    if (o.mode === 'missing' && (await orUndefined(inspectImage(client, image)))) continue;
    await o.builder(dir, file, image);
  }
}
