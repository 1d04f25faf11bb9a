/** A throwaway project directory for loader tests: files written, then loaded with a fixed environment. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Project } from '../../types.js';
import { loadProject, type LoadOptions } from '../index.js';

export interface ProjectDir {
  dir: string;
  load(options?: Partial<LoadOptions>): Promise<Project>;
  warnings: string[];
  remove(): void;
}

export function projectDir(files: Record<string, string>, name = 'proj'): ProjectDir {
  const root = mkdtempSync(join(tmpdir(), 'compose-loader-'));
  const dir = join(root, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  mkdirSync(dir, { recursive: true });
  const warnings: string[] = [];
  return {
    dir,
    warnings,
    load: (options = {}) => loadProject({ configFiles: [], envFiles: [], profiles: [], env: {}, cwd: dir, onWarning: (w) => warnings.push(w), ...options }),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
