/**
 * What an image config must hold before it is stored, whichever door it came
 * through (load, import, commit, build): its exposed ports are ports. One stored
 * `99999/tcp` would reach every container made from the image, and `docker ps`
 * (which decodes ports as uint16) would fail for all of them.
 */
import type { ImageRuntimeConfig } from '../oci/image.js';
import { parsePortKey } from '../util/port-spec.js';

export function checkRuntimeConfig(config: ImageRuntimeConfig | undefined): void {
  for (const key of Object.keys(config?.ExposedPorts ?? {})) parsePortKey(key);
}
