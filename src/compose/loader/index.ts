/**
 * The Compose loader: files in, one normalized Project out. Pure: it reads
 * files and the environment it is given, and creates nothing.
 */
import { dirname, resolve } from 'node:path';
import type { Project } from '../types.js';
import { configFiles } from './discovery.js';
import { definedEnv, projectEnvironment } from './environment.js';
import { loadModel } from './model.js';
import type { LoadOptions } from './options.js';
import { buildProject } from './project.js';

export type { LoadOptions } from './options.js';

export async function loadProject(options: LoadOptions): Promise<Project> {
  const warn = options.onWarning ?? (() => undefined);
  const files = configFiles(options.configFiles, options.cwd, warn);
  const first = files.find((f) => f !== '-');
  const projectDir = options.projectDirectory !== undefined ? resolve(options.cwd, options.projectDirectory) : first && files[0] !== '-' ? dirname(first) : options.cwd;
  const processEnv = definedEnv(options.env);
  const env = projectEnvironment(options.envFiles, options.cwd, projectDir, processEnv);
  const model = await loadModel(files, {
    projectDir,
    env: options.interpolate === false ? undefined : env,
    processEnv,
    warn,
    readStdin: options.readStdin,
    stack: files,
  });
  return buildProject({
    model,
    projectName: options.projectName,
    projectDir,
    configFiles: files,
    profiles: options.profiles,
    services: options.services ?? [],
    env,
  });
}
