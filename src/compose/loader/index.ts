/** The Compose loader: files in, one normalized Project out; pure (it reads files, creates nothing). */
import type { Project } from '../types.js';
import type { LoadOptions } from './options.js';

export type { LoadOptions } from './options.js';

export async function loadProject(options: LoadOptions): Promise<Project> {
  throw new Error(`not implemented yet (${options.configFiles.length} files)`);
}
