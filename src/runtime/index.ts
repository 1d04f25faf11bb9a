/**
 * The runtime module's public face: spec generation, the conmon/runc Runtime,
 * log reading, and the helpers the engine needs to prepare a SpecInput.
 */
export type * from './types.js';
export { ConmonRuntime } from './runtime.js';
export { buildExecProcess, buildSpec, serializeSpec, toLinuxResources, validateSysctls, DEFAULT_CGROUP_PARENT, type ExecProcessInput } from './spec.js';
export { parseSeccompProfile, type SeccompProfile } from './seccomp-custom.js';
export { resolveUser, resolveUserFromFiles } from './user.js';
export { resolveInRoot } from './scoped-path.js';
export { hostFacts } from './host-facts.js';
export { devicesFromHost, hostDevices, parseDeviceCgroupRule } from './devices.js';
export { DEFAULT_CAPABILITIES, capabilitySets, effectiveCapabilityList, normalizeCapabilities } from './capabilities.js';
export { ulimitsToRlimits } from './rlimits.js';
export { readLogs } from './logs.js';
export { LogKeeper, prepareLog } from './log-rotation.js';
export { signalNumber } from './signals.js';
export { StartFailure, isStartFailure, type StartFailureReason } from './errors.js';
export { UNKNOWN_EXIT_CODE } from './exit-watcher.js';
export { DEFAULT_SHM_SIZE, INIT_PATH_IN_CONTAINER } from './spec-defaults.js';
