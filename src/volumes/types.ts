/**
 * Named volumes of the `local` driver: a directory `<root>/<name>/_data`, or
 * (with options) a tmpfs or bind mounted there while containers use it.
 * References are the containers that use a volume; they live in memory and
 * the engine re-registers them at daemon start, as Docker's volume service does.
 */

/** Label Docker (API ≥ 1.42) puts on anonymous volumes; prune removes only these unless told `all`. */
export const ANONYMOUS_LABEL = 'com.docker.volume.anonymous';

export interface Volume {
  name: string;
  driver: 'local';
  /** RFC 3339, seconds precision as Docker prints it. */
  createdAt: string;
  labels: Record<string, string>;
  /** The local driver's options: `type`, `device`, `o`. */
  options: Record<string, string>;
  /** Host path containers bind: `<root>/<name>/_data`. */
  mountpoint: string;
}

export interface CreateVolumeOptions {
  /** Empty or absent: a new random (anonymous-style) name. */
  name?: string;
  driver?: string;
  labels?: Record<string, string>;
  options?: Record<string, string>;
  /** A container to reference the volume from the start, so a concurrent remove cannot take it in between. */
  ref?: string;
}

export interface VolumeStore {
  /** Returns the existing volume when the name is taken (Docker's create is idempotent). */
  create(opts: CreateVolumeOptions): Promise<{ volume: Volume; created: boolean }>;
  /** not-found `get <name>: no such volume`. */
  get(name: string): Volume;
  list(): Volume[];
  /** conflict `volume is in use - [<ids>]` while referenced, unless force; force still refuses a mounted one. */
  remove(name: string, opts?: { force?: boolean }): Promise<void>;
  /** Record that a container uses the volume (at create, and at daemon start for every container). */
  addRef(name: string, ref: string): void;
  removeRef(name: string, ref: string): void;
  refs(name: string): string[];
  /** A container starts using it: mounts an option volume for its first user; returns the path to bind. */
  mount(name: string, ref: string): Promise<string>;
  unmount(name: string, ref: string): Promise<void>;
  /** Runs fill(dataDir) when the volume holds nothing yet, one filler at a time per volume (Docker's copy-up). */
  populate(name: string, fill: (dataDir: string) => Promise<void>): Promise<void>;
  /** Bytes under the volume's data directory. */
  size(name: string): Promise<number>;
}
