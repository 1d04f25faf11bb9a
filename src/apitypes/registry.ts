/** Engine API shapes for registries: login, distribution inspect, search. */
import type { Descriptor, Platform } from '../oci/image.js';

/** Docker's AuthConfig, as the CLI sends it in X-Registry-Auth and POST /auth. */
export interface AuthConfig {
  username?: string;
  password?: string;
  /** base64(`user:password`), the config.json form. */
  auth?: string;
  email?: string;
  serveraddress?: string;
  identitytoken?: string;
  registrytoken?: string;
}

/** `POST /auth` answer (moby's registry.AuthenticateOKBody). */
export interface LoginResult {
  Status: 'Login Succeeded';
  IdentityToken: string;
}

/** `GET /distribution/{name}/json` (moby's registry.DistributionInspect). */
export interface DistributionInspect {
  Descriptor: Descriptor;
  Platforms: Platform[];
}

/** `GET /images/search` entries (moby's registry.SearchResult). */
export interface SearchResult {
  name: string;
  description: string;
  star_count: number;
  is_official: boolean;
  is_automated: boolean;
}
