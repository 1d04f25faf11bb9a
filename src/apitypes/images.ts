/**
 * Docker Engine API wire shapes for images (moby api/swagger.yaml).
 * Field names are Docker's, exactly as the real clients send and expect them.
 * A leaf module: imports nothing from the engine.
 */
import type { ImageRuntimeConfig } from '../oci/image.js';

/** One row of `GET /images/json`. */
export interface ImageSummary {
  Id: string;
  ParentId: string;
  RepoTags: string[];
  RepoDigests: string[];
  /** Unix seconds. */
  Created: number;
  Size: number;
  /** -1: not computed (Docker computes it only for `system df`). */
  SharedSize: number;
  /** Removed in API 1.44; still sent for older clients. */
  VirtualSize?: number;
  Labels: Record<string, string> | null;
  /** -1: not computed. */
  Containers: number;
}

/** `GET /images/{name}/json`. */
export interface ImageInspect {
  Id: string;
  RepoTags: string[];
  RepoDigests: string[];
  Parent: string;
  Comment: string;
  /** RFC 3339 with nanoseconds. */
  Created: string;
  /** Deprecated (API < 1.45), kept for older clients. */
  Container?: string;
  ContainerConfig?: ImageRuntimeConfig & Record<string, unknown>;
  DockerVersion: string;
  Author: string;
  Config: ImageRuntimeConfig | null;
  Architecture: string;
  Variant?: string;
  Os: string;
  OsVersion?: string;
  Size: number;
  VirtualSize?: number;
  GraphDriver: { Name: string; Data: Record<string, string> | null };
  RootFS: { Type: string; Layers: string[] };
  Metadata: { LastTagTime?: string };
}

/** One row of `GET /images/{name}/history`, newest first. */
export interface HistoryResponseItem {
  /** Image id for rows that are a local image, else `<missing>`. */
  Id: string;
  /** Unix seconds. */
  Created: number;
  CreatedBy: string;
  Tags: string[] | null;
  Size: number;
  Comment: string;
}

/** One row of `DELETE /images/{name}` and of prune's ImagesDeleted. */
export interface ImageDeleteResponseItem {
  Untagged?: string;
  Deleted?: string;
}

export interface ImagePruneResponse {
  ImagesDeleted: ImageDeleteResponseItem[] | null;
  SpaceReclaimed: number;
}
