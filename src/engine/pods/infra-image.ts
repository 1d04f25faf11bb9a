/**
 * The infra image: the host's static catatonit (Debian's package) as the only
 * file of a one-layer image, made by the daemon itself the first time a pod
 * needs it, so `pod create` works offline with no bootstrap step. catatonit in
 * pause mode (`-P`) is a real PID 1: it reaps the orphans of a pod sharing its
 * PID namespace and exits on SIGTERM/SIGINT.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { TarEncoder } from '../../archive/index.js';
import { failedPrecondition, isNotFound } from '../../errdefs/index.js';
import type { ImageRecord, ImageStore } from '../../images/index.js';
import { Mutex } from '../../util/lock.js';

export const INFRA_IMAGE = 'localhost/wharf-infra:latest';
const INFRA_ENTRYPOINT = '["/catatonit", "-P"]';
/** The mount points runc fills in; the rest of `/` stays empty. */
const DIRECTORIES = ['dev', 'etc', 'proc', 'sys'];

async function* infraRootfs(binary: string): AsyncGenerator<Buffer> {
  const st = await stat(binary);
  const tar = new TarEncoder();
  // The binary's mtime on every entry: the same catatonit always makes the same layer.
  const base = { uid: 0, gid: 0, mtime: st.mtime };
  for (const name of DIRECTORIES) yield* tar.entry({ ...base, name: `${name}/`, type: 'directory', mode: 0o755 });
  yield* tar.entry({ ...base, name: 'catatonit', type: 'file', mode: 0o755, size: st.size }, createReadStream(binary));
  yield tar.end();
}

export class InfraImage {
  private readonly making = new Mutex();

  constructor(
    private readonly images: ImageStore,
    /** The static catatonit the composition root found; undefined when the host has none. */
    private readonly binary: string | undefined,
  ) {}

  /** The infra image, made once (concurrent pod creates share the making). */
  async get(): Promise<ImageRecord> {
    return this.making.run(async () => {
      try {
        return await this.images.resolve(INFRA_IMAGE);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      if (!this.binary) throw failedPrecondition('pods need an infra image, made from a static catatonit: install catatonit');
      return this.images.importRootfs(Readable.from(infraRootfs(this.binary)), {
        ref: INFRA_IMAGE,
        message: 'Wharf pod infra container (catatonit)',
        changes: [`ENTRYPOINT ${INFRA_ENTRYPOINT}`],
      });
    });
  }
}
