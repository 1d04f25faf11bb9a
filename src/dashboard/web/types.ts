/**
 * The Engine API shapes the page reads: only the fields it shows. Not apitypes': the page is
 * type-checked for the browser, without Node's types, which apitypes reaches through oci and util.
 */
export interface Port {
  IP?: string;
  PrivatePort: number;
  PublicPort?: number;
  Type: string;
}

export interface ContainerSummary {
  Id: string;
  Names: string[];
  Image: string;
  ImageID: string;
  Command: string;
  Created: number;
  State: string;
  Status: string;
  Ports: Port[];
  Labels: Record<string, string> | null;
  Mounts: Array<{ Type: string; Name?: string; Source: string; Destination: string }>;
}

export interface ImageSummary {
  Id: string;
  RepoTags: string[] | null;
  RepoDigests: string[] | null;
  Created: number;
  Size: number;
  Containers: number;
}

export interface Volume {
  Name: string;
  Driver: string;
  Mountpoint: string;
  CreatedAt?: string;
  Labels: Record<string, string> | null;
}

export interface Network {
  Id: string;
  Name: string;
  Driver: string;
  Scope: string;
  Internal: boolean;
  IPAM: { Config: Array<{ Subnet?: string; Gateway?: string }> | null };
  Containers: Record<string, { Name: string; IPv4Address: string; MacAddress: string }> | null;
}

export interface DiskUsage {
  LayersSize: number;
  Images: Array<{ Id: string; Size: number; SharedSize: number; Containers: number }> | null;
  Containers: Array<{ Id: string; SizeRw?: number; SizeRootFs?: number }> | null;
  Volumes: Array<{ Name: string; UsageData?: { Size: number; RefCount: number } }> | null;
  BuildCache?: Array<{ Size: number }> | null;
}

export interface Stats {
  read: string;
  cpu_stats: { cpu_usage: { total_usage: number }; system_cpu_usage?: number; online_cpus?: number };
  precpu_stats: { cpu_usage: { total_usage: number }; system_cpu_usage?: number };
  memory_stats: { usage?: number; limit?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes: number; tx_bytes: number }>;
  blkio_stats?: { io_service_bytes_recursive?: Array<{ op: string; value: number }> | null };
}
