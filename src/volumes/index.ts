export { LocalVolumeStore, validateVolumeName } from './store.js';
export { ANONYMOUS_LABEL } from './types.js';
export type { CreateVolumeOptions, Volume, VolumeStore } from './types.js';
