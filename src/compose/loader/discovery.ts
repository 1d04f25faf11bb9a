/** Which files a project is: `-f` (each resolved against the cwd), else compose.yaml and its override, searched from the cwd upwards. */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { notFound } from '../../errdefs/index.js';

export const DEFAULT_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
export const OVERRIDE_FILE_NAMES = ['compose.override.yaml', 'compose.override.yml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];

const isFile = (p: string): boolean => existsSync(p) && statSync(p).isFile();

/** `-` (stdin) stays `-`. */
export function configFiles(given: readonly string[], cwd: string, warn: (msg: string) => void): string[] {
  if (given.length > 0) return given.map((f) => (f === '-' ? f : resolve(cwd, f)));
  for (let dir = cwd; ; dir = dirname(dir)) {
    const found = DEFAULT_FILE_NAMES.map((n) => join(dir, n)).filter(isFile);
    if (found.length > 0) {
      if (found.length > 1) warn(`Found multiple config files with supported names: ${found.join(', ')}\nUsing ${found[0]}`);
      const override = OVERRIDE_FILE_NAMES.map((n) => join(dir, n)).find(isFile);
      return override ? [found[0]!, override] : [found[0]!];
    }
    if (dirname(dir) === dir) break;
  }
  throw notFound('no configuration file provided: not found');
}
