/** `/volumes` as the API sees it. */
import type { Filters } from '../../apitypes/containers.js';
import type { Volume, VolumeCreateRequest, VolumeListResponse, VolumePruneResponse } from '../../apitypes/volumes.js';

export interface VolumeService {
  create(body: VolumeCreateRequest): Promise<Volume>;
  inspect(name: string): Promise<Volume>;
  list(filters: Filters): Promise<VolumeListResponse>;
  /** conflict while containers use it; force ignores a missing volume. */
  remove(name: string, opts: { force: boolean }): Promise<void>;
  /** `anonymousOnly`: API ≥ 1.42 prunes named volumes only with the `all=true` filter. */
  prune(filters: Filters, opts: { anonymousOnly: boolean }): Promise<VolumePruneResponse>;
}
