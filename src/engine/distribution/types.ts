/** What the API asks of the engine for registries (implemented in service.ts). */
import type { AuthConfig, DistributionInspect, LoginResult, SearchResult } from '../../apitypes/registry.js';

export type { AuthConfig, DistributionInspect, LoginResult, SearchResult };

/** One of Docker's JSON progress messages, ready to be written as a line. */
export type ProgressMessage = Record<string, unknown>;

export interface RegistryCall {
  /** The raw X-Registry-Auth header, when the client sent one. */
  registryAuth?: string;
  onProgress?: (m: ProgressMessage) => void;
  signal?: AbortSignal;
}

export interface DistributionService {
  /** `POST /images/create?fromImage=`: `ref` may carry a tag or digest; allTags wants it bare. */
  pull(ref: string, opts: RegistryCall & { platform?: string; allTags?: boolean }): Promise<void>;
  /** `POST /images/{name}/push?tag=`: a bare name pushes every local tag of the repository. */
  push(ref: string, opts: RegistryCall): Promise<void>;
  /** `POST /auth` */
  login(auth: AuthConfig, signal?: AbortSignal): Promise<LoginResult>;
  /** `GET /distribution/{name}/json` */
  inspect(ref: string, opts: RegistryCall): Promise<DistributionInspect>;
  /** `GET /images/search?term=&limit=` */
  search(term: string, opts: RegistryCall & { limit?: number }): Promise<SearchResult[]>;
}

