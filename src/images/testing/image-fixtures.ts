/** A scratch engine store for image tests: content, snapshots and images under one temp dir, mounts undone at the end. */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { tarOf, type TestEntry } from '../../archive/testing/tar-fixtures.js';
import { LocalContentStore } from '../../content/index.js';
import { mountAll, unmount } from '../../snapshots/index.js';
import { OverlaySnapshotter } from '../../snapshots/index.js';
import { sha256, encoded, type Digest } from '../../util/digest.js';
import { LocalImageStore } from '../store.js';

export interface Scratch {
  dir: string;
  open(name: string): Promise<Engine>;
  /** Mount a snapshot at a fresh directory; unmounted at the end of the test. */
  mount(e: Engine, key: string): Promise<string>;
  unmount(target: string): Promise<void>;
}

export interface Engine {
  images: LocalImageStore;
  snapshots: OverlaySnapshotter;
  content: LocalContentStore;
  events: Array<[string, string, Record<string, string>]>;
}

export async function withScratch(fn: (s: Scratch) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(tmpdir() + '/wharf-test-');
  const mounted = new Set<string>();
  let n = 0;
  try {
    await fn({
      dir,
      async open(name) {
        const root = join(dir, name);
        const content = new LocalContentStore(join(root, 'content'));
        const snapshots = await OverlaySnapshotter.open(join(root, 'snapshots'));
        const events: Engine['events'] = [];
        const images = await LocalImageStore.open({
          root: join(root, 'images'),
          content,
          snapshots,
          onEvent: (action, id, attrs) => events.push([action, id, attrs]),
        });
        return { images, snapshots, content, events };
      },
      async mount(e, key) {
        const target = join(dir, 'mnt', String(n++));
        await mkdir(target, { recursive: true });
        await mountAll(await e.snapshots.mounts(key), target);
        mounted.add(target);
        return target;
      },
      async unmount(target) {
        await unmount(target);
        mounted.delete(target);
      },
    });
  } finally {
    for (const t of mounted) await unmount(t);
    await rm(dir, { recursive: true, force: true });
  }
}

export async function bufferOf(s: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** A legacy `docker save` tarball: `<id>.json` configs, `<n>/layer.tar` layers, duplicates as symlinks. */
export async function legacyArchive(images: Array<{ tags: string[]; layers: TestEntry[][]; cmd?: string[] }>): Promise<{ tar: Readable; ids: Digest[] }> {
  const entries: TestEntry[] = [];
  const manifest: Array<{ Config: string; RepoTags: string[]; Layers: string[] }> = [];
  const layerPaths = new Map<string, string>();
  const ids: Digest[] = [];
  for (const img of images) {
    const diffIds: Digest[] = [];
    const paths: string[] = [];
    for (const layer of img.layers) {
      const raw = await bufferOf(tarOf(layer));
      const diffId = sha256(raw);
      diffIds.push(diffId);
      let path = layerPaths.get(diffId);
      if (path === undefined) {
        path = `${layerPaths.size}/layer.tar`;
        layerPaths.set(diffId, path);
        entries.push({ name: path, body: raw });
      } else {
        const link = `dup${entries.length}/layer.tar`;
        entries.push({ name: link, type: 'symlink', linkname: `../${path}` });
        path = link;
      }
      paths.push(path);
    }
    const config = Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        created: '2024-01-02T03:04:05Z',
        config: { Cmd: img.cmd ?? ['sh'] },
        rootfs: { type: 'layers', diff_ids: diffIds },
        history: diffIds.map((_, i) => ({ created: '2024-01-02T03:04:05Z', created_by: `layer ${i}` })),
      }),
    );
    const id = sha256(config);
    ids.push(id);
    entries.push({ name: `${encoded(id)}.json`, body: config });
    manifest.push({ Config: `${encoded(id)}.json`, RepoTags: img.tags, Layers: paths });
  }
  entries.push({ name: 'manifest.json', body: JSON.stringify(manifest) });
  return { tar: tarOf(entries), ids };
}
