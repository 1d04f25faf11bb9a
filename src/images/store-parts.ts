/**
 * What the store's operation files (create, delete, load, save) use of
 * the store: they take this interface rather than LocalImageStore, which
 * imports them, so no file here imports its own importer.
 */
import type { ContentStore } from '../content/index.js';
import { invalidArgument } from '../errdefs/index.js';
import type { ImageConfig, ImageManifest, Platform } from '../oci/image.js';
import { parseNormalizedNamed, referenceString, withDefaultTag } from '../oci/reference.js';
import type { Snapshotter } from '../snapshots/index.js';
import type { Digest } from '../util/digest.js';
import type { LayerInfo } from './layers.js';
import type { ImageRecords } from './records.js';
import type { ImageEventAction, ImageRecord, NewImage } from './types.js';

export interface StoreParts {
  readonly root: string;
  readonly content: ContentStore;
  readonly snapshots: Snapshotter;
  readonly platform: Platform;
  readonly records: ImageRecords;
  resolve(refOrId: string): Promise<ImageRecord>;
  config(image: ImageRecord): Promise<ImageConfig>;
  manifest(image: ImageRecord): Promise<ImageManifest>;
  layers(image: ImageRecord): Promise<LayerInfo[]>;
  addImage(img: NewImage): Promise<ImageRecord>;
  isPinned(chainId: string): boolean;
  get(id: Digest): ImageRecord | undefined;
  all(): ImageRecord[];
  untag(id: Digest, ref: string): Promise<boolean>;
  emit(action: ImageEventAction, id: string, attrs?: Record<string, string>): void;
}

/** Full tag reference for `repo[:tag]` (`latest` by default); refuses digests as Docker does. */
export function tagReference(s: string): string {
  const ref = parseNormalizedNamed(s);
  if (ref.digest !== undefined) throw invalidArgument('refusing to create a tag with a digest reference');
  return referenceString(withDefaultTag(ref));
}
