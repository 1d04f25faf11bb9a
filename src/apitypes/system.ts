/** Docker Engine API wire shapes for /version, /info, /events and /system/df. */
export interface VersionResponse {
  Platform: { Name: string };
  Components: Array<{ Name: string; Version: string; Details?: Record<string, string> }>;
  Version: string;
  ApiVersion: string;
  MinAPIVersion: string;
  GitCommit: string;
  GoVersion: string;
  Os: string;
  Arch: string;
  KernelVersion: string;
  BuildTime: string;
}

/** `GET /events` messages. */
export interface EventMessage {
  Type: 'container' | 'image' | 'volume' | 'network' | 'daemon' | 'plugin' | 'node' | 'service' | 'secret' | 'config' | 'builder';
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
  scope: 'local' | 'swarm';
  time: number;
  timeNano: number;
  /** Deprecated fields still read by older clients. */
  status?: string;
  id?: string;
  from?: string;
}

/** `GET /info`: only the fields Wharf fills; clients tolerate missing ones. */
export type InfoResponse = Record<string, unknown> & {
  ID: string;
  Containers: number;
  ContainersRunning: number;
  ContainersPaused: number;
  ContainersStopped: number;
  Images: number;
  Driver: string;
  DockerRootDir: string;
  Name: string;
  ServerVersion: string;
  OperatingSystem: string;
  OSType: string;
  Architecture: string;
  NCPU: number;
  MemTotal: number;
  KernelVersion: string;
  CgroupDriver: string;
  CgroupVersion: string;
};

/** `POST /wharf/system/reset` (Wharf's own): what the reset removed. The daemon exits after answering. */
export interface SystemResetResponse {
  ContainersDeleted: string[];
  ImagesDeleted: string[];
  VolumesDeleted: string[];
  NetworksDeleted: string[];
  CachesDeleted: string[];
  /** Bridge devices deleted from the host. */
  BridgesDeleted: string[];
  /** Mount points under the daemon's roots that were still mounted. */
  MountsRemoved: number;
  /** Container cgroups that runc left behind. */
  CgroupsRemoved: number;
}
