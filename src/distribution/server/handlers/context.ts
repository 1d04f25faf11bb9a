/** What every endpoint handler is given: the request, its grant, and the registry's stores. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Grant } from '../auth/authorizer.js';
import type { BlobStore } from '../storage/blob-store.js';
import type { RegistryLayout } from '../storage/layout.js';
import type { ManifestStore } from '../storage/manifest-store.js';
import type { UploadStore } from '../storage/uploads.js';
import { registryError } from '../errors.js';

export interface RegistryStores {
  layout: RegistryLayout;
  blobs: BlobStore;
  uploads: UploadStore;
  manifests: ManifestStore;
  /** Pushes and deletes refused (405), e.g. while garbage collection runs. */
  readOnly: boolean;
}

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  grant: Grant;
  stores: RegistryStores;
}

export function assertWritable(ctx: RequestContext): void {
  if (ctx.stores.readOnly) throw registryError('UNSUPPORTED', { message: 'the registry is in read-only mode' });
}
