/** Which containers use an image: the engine asks its own container store before any image is deleted. */
import type { ContainerStore } from '../containers/store.js';
import type { ImageUsers } from './remove.js';

export function imageUsers(containers: ContainerStore): ImageUsers {
  return (imageId) => {
    const running: string[] = [];
    const stopped: string[] = [];
    for (const c of containers.all()) {
      if (c.record.Image !== imageId) continue;
      (c.running ? running : stopped).push(c.id);
    }
    return { running, stopped };
  };
}
