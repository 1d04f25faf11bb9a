/**
 * The services' images: pulled or built as the pull policy and `--build` /
 * `--pull` say, through `POST /images/create` and `POST /build` (the build
 * context packed as `docker build` packs it), and their ids, so `up` can tell
 * a container made from an older image.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ApiClient } from '../../client/client.js';
import { buildImage } from '../../client/build.js';
import { pullImage, pushImage } from '../../client/distribution.js';
import { isApiError } from '../../client/errors.js';
import { inspectImage } from '../../client/images.js';
import { invalidArgument, notFound } from '../../errdefs/index.js';
import { parseNormalizedNamed, repositoryName, withDefaultTag } from '../../oci/reference.js';
import { dockerfileInContext, packDirectory, type PackedContext } from '../../cli/lib/build-context.js';
import { displayJsonMessages } from '../../cli/lib/progress.js';
import { authForDomain } from '../../cli/lib/registry-auth.js';
import type { Project, ServiceConfig } from '../types.js';
import { serviceImage } from './naming.js';
import type { Progress } from './progress.js';

export interface ImageIo {
  client: ApiClient;
  project: Project;
  progress: Progress;
  env: Readonly<Record<string, string | undefined>>;
  /** Where build and pull logs go (`null` device on a terminal: the progress block says it). */
  log: NodeJS.WriteStream;
}

/** `--build`: build every service that has a build section; `--no-build`: none; default: the missing ones. */
export type BuildMode = 'missing' | 'always' | 'never';
/** `--pull`: `policy` follows each service's pull_policy. */
export type PullMode = 'policy' | 'always' | 'missing' | 'never';

export async function imageId(client: ApiClient, ref: string): Promise<string | undefined> {
  try {
    return (await inspectImage(client, ref)).Id;
  } catch (err) {
    if (isApiError(err) && err.statusCode === 404) return undefined;
    throw err;
  }
}

export async function pullServiceImage(io: ImageIo, s: ServiceConfig): Promise<void> {
  const image = serviceImage(io.project, s);
  const ref = withDefaultTag(parseNormalizedNamed(image));
  io.progress.event('Image', image, 'Pulling');
  try {
    const auth = await authForDomain(io.env, ref.domain);
    const res = await pullImage(io.client, repositoryName(ref), { tag: ref.digest ?? ref.tag, auth });
    await displayJsonMessages(res, io.log, { quiet: true });
  } catch (err) {
    io.progress.event('Image', image, 'Error', 'error');
    throw serviceError(s.name, err);
  }
  io.progress.event('Image', image, 'Pulled');
}

async function buildContext(s: ServiceConfig): Promise<PackedContext> {
  const b = s.build!;
  if (/^(https?|git):\/\//.test(b.context) || b.context.startsWith('git@')) throw invalidArgument(`service "${s.name}": remote build contexts are not supported: ${b.context}`);
  if (b.dockerfile_inline !== undefined) return packDirectory(b.context, undefined, b.dockerfile_inline);
  const file = join(b.context, b.dockerfile ?? 'Dockerfile');
  const inside = dockerfileInContext(b.context, file);
  if (inside !== undefined) return packDirectory(b.context, inside, undefined);
  return packDirectory(b.context, undefined, await readFile(file, 'utf8'));
}

export async function buildServiceImage(io: ImageIo, s: ServiceConfig, o: { noCache?: boolean; quiet?: boolean } = {}): Promise<string | undefined> {
  const image = serviceImage(io.project, s);
  const b = s.build!;
  io.progress.event('Image', image, 'Building');
  try {
    const packed = await buildContext(s);
    const res = await buildImage(io.client, packed.tar, {
      tags: [image, ...(b.tags ?? [])],
      dockerfile: packed.dockerfile,
      buildArgs: b.args ?? {},
      labels: b.labels ?? {},
      target: b.target,
      noCache: o.noCache ?? b.no_cache ?? false,
      quiet: false,
      networkMode: b.network,
    });
    await displayJsonMessages(res, io.log, { quiet: o.quiet });
  } catch (err) {
    io.progress.event('Image', image, 'Error', 'error');
    throw serviceError(s.name, err);
  }
  io.progress.event('Image', image, 'Built');
  return imageId(io.client, image);
}

export async function pushServiceImage(io: ImageIo, s: ServiceConfig): Promise<void> {
  const image = serviceImage(io.project, s);
  const ref = withDefaultTag(parseNormalizedNamed(image));
  io.progress.event('Image', image, 'Pushing');
  try {
    const auth = await authForDomain(io.env, ref.domain);
    const res = await pushImage(io.client, repositoryName(ref), { tag: ref.tag, auth });
    await displayJsonMessages(res, io.log, { quiet: true });
  } catch (err) {
    io.progress.event('Image', image, 'Error', 'error');
    throw serviceError(s.name, err);
  }
  io.progress.event('Image', image, 'Pushed');
}

/**
 * Makes sure every service has its image, pulling or building per policy;
 * returns each service's image id. Images are fetched in parallel.
 */
export async function ensureImages(io: ImageIo, services: readonly ServiceConfig[], o: { build: BuildMode; pull: PullMode }): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  await Promise.all(
    services.map(async (s) => {
      const image = serviceImage(io.project, s);
      const policy = o.pull === 'policy' ? (s.pull_policy ?? 'missing') : o.pull;
      let id = await imageId(io.client, image);
      const mustBuild = s.build !== undefined && o.build !== 'never' && (o.build === 'always' || policy === 'build' || (id === undefined && s.pull_policy !== 'always'));
      if (mustBuild) {
        id = await buildServiceImage(io, s);
      } else if (policy === 'always' || (id === undefined && policy !== 'never')) {
        try {
          await pullServiceImage(io, s);
        } catch (err) {
          // v2: a service that can be built falls back to building when its image cannot be pulled.
          if (!s.build || o.build === 'never') throw err;
          id = await buildServiceImage(io, s);
        }
        id = await imageId(io.client, image);
      }
      if (id === undefined) throw notFound(`service "${s.name}": no such image: ${image}`);
      ids.set(s.name, id);
    }),
  );
  return ids;
}

/** The error with the service named, keeping its kind (and a daemon error's prefix). */
export function serviceError(service: string, err: unknown): Error {
  if (!(err instanceof Error)) return new Error(`service "${service}": ${String(err)}`);
  if (err.message.includes(`service "${service}"`)) return err;
  err.message = `service "${service}": ${err.message}`;
  return err;
}

/** pull/push of every service at once: each failure is reported, the first thrown unless ignored. */
export async function forEachImage(services: readonly ServiceConfig[], op: (s: ServiceConfig) => Promise<void>, ignoreFailures: boolean): Promise<void> {
  const results = await Promise.allSettled(services.map(op));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed && !ignoreFailures) throw failed.reason;
}
