/** `POST /build` and `POST /build/prune`: the options Docker's query carries and the messages streamed back. */

export interface BuildOptions {
  /** Tags (`t`, repeated). */
  tags: string[];
  /** Context-relative path of the Dockerfile (`dockerfile`, default `Dockerfile`). */
  dockerfile: string;
  buildArgs: Record<string, string>;
  labels: Record<string, string>;
  target?: string;
  noCache: boolean;
  /** `q`: only the image ID is streamed. */
  quiet: boolean;
  /** `networkmode` for RUN: `default` (the default bridge), `host`, `none` or a network's name. */
  networkMode: string;
  /** `extrahosts` (repeated): `name:ip` lines for RUN's /etc/hosts. */
  extraHosts: string[];
  /** `cachefrom` (a JSON array): when given, only these images' chains are cache sources. */
  cacheFrom: string[];
}

/** One line of the stream: Docker's JSONMessage subset a build uses. */
export type BuildMessage = { stream: string } | { aux: { ID: string } } | { errorDetail: { message: string; code?: number }; error: string };

export interface BuildCacheRecord {
  ID: string;
  Parent?: string;
  Type: string;
  Description: string;
  InUse: boolean;
  Shared: boolean;
  Size: number;
  CreatedAt: string;
  LastUsedAt: string | null;
  UsageCount: number;
}

export interface BuildPruneResponse {
  CachesDeleted: string[] | null;
  SpaceReclaimed: number;
}
