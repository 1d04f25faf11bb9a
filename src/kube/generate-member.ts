/** A container read through the API for `kube generate`: its inspect, its image's config, its labels less the image's. */
import type { ApiClient } from '../client/client.js';
import { inspectContainer } from '../client/containers.js';
import { inspectImage } from '../client/images.js';
import { orUndefined } from './found.js';
import type { GenContainer } from './generate-convert.js';

/** `id` as a pod member named `name` (default: its container name less a `<podName>-` prefix). */
export async function member(client: ApiClient, id: string, o: { podName?: string; name?: string } = {}): Promise<GenContainer> {
  const inspect = await inspectContainer(client, id);
  // The image's config tells what the user set from what the image brought; a removed image: all of it is the user's.
  const image = (await orUndefined(inspectImage(client, inspect.Image)))?.Config ?? null;
  let name = o.name ?? inspect.Name.replace(/^\//, '');
  const { podName } = o;
  if (!o.name && podName && name.startsWith(`${podName}-`) && name.length > podName.length + 1) name = name.slice(podName.length + 1);
  return { name, inspect, image };
}

/** A container's labels less those its image brought. */
export function userLabels(c: GenContainer): Record<string, string> {
  const fromImage = c.image?.Labels ?? {};
  return Object.fromEntries(Object.entries(c.inspect.Config.Labels ?? {}).filter(([k, v]) => fromImage[k] !== v));
}
