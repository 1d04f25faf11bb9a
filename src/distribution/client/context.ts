/** What pull, push and inspect work with: the local stores and a way to reach a repository. */
import type { ContentStore } from '../../content/index.js';
import type { ImageStore } from '../../images/index.js';
import type { Platform } from '../../oci/image.js';
import type { Reference } from '../../oci/reference.js';
import type { RemoteRepository } from './repository.js';
import type { CredentialsFn } from './types.js';

export interface ClientContext {
  content: ContentStore;
  images: ImageStore;
  /** The image store's platform: what pulls choose from indexes unless told otherwise. */
  platform: Platform;
  /** The repository `ref` names, on its registry, with the credentials `credentials` (or the client's default) gives for it. */
  open(ref: Reference, actions: 'pull' | 'pull,push', credentials: CredentialsFn | undefined): Promise<RemoteRepository>;
}
