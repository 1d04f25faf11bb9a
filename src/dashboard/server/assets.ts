/**
 * The page's files, built by esbuild into `dist/dashboard/` (`index.html` and
 * `assets/`), the same for every session; before the bundle is built a
 * placeholder page stands in.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { dirname, extname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** dist/src/dashboard/server/ → dist/dashboard/ */
export const DEFAULT_ASSETS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'dashboard');

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

const PLACEHOLDER = `<!doctype html>
<html><head><meta charset="utf-8"><title>Wharf</title></head>
<body><h1>Wharf dashboard</h1><p>The page is not built: run <code>npm run build</code>.</p></body></html>
`;

export class Assets {
  constructor(private readonly dir: string = DEFAULT_ASSETS_DIR) {}

  /** index.html: the same for every session, no secret in it (the key reaches the page in the login redirect). */
  async index(res: ServerResponse): Promise<void> {
    const html = await readFile(join(this.dir, 'index.html'), 'utf8').catch(() => PLACEHOLDER);
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(html);
  }

  /** A file under `assets/`; false when there is none (the caller answers 404). */
  async file(res: ServerResponse, rel: string, head: boolean): Promise<boolean> {
    const root = join(this.dir, 'assets');
    let name: string;
    try {
      name = decodeURIComponent(rel);
    } catch {
      return false;
    }
    const path = join(root, name);
    if (name.includes('\0') || !path.startsWith(root + sep)) return false;
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) return false;
    res.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream', 'Content-Length': String(info.size) });
    if (head) res.end();
    else createReadStream(path).pipe(res);
    return true;
  }
}
