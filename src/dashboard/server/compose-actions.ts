/**
 * `POST /compose/{project}/{up,down,restart}`: runs `wharf compose` for a
 * project found by its containers' labels (the files and directory `compose up`
 * recorded), as `docker compose -p P -f … up -d` would. Compose runs as its own
 * program, as it does under the docker CLI: its output stays out of this
 * process, its error comes back to the page, and the dashboard does not import
 * compose (which builds on the CLI that starts the dashboard).
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiClient } from '../../client/client.js';
import { listContainers } from '../../client/containers.js';
import { internal, notFound } from '../../errdefs/index.js';

/** dist/src/dashboard/server/ → bin/wharf */
const WHARF_BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'bin', 'wharf');

/** Compose's labels on its containers (Docker Compose v2's names). */
const PROJECT = 'com.docker.compose.project';
const WORKING_DIR = 'com.docker.compose.project.working_dir';
const CONFIG_FILES = 'com.docker.compose.project.config_files';
const ENVIRONMENT_FILE = 'com.docker.compose.project.environment_file';

export const COMPOSE_ACTIONS = ['up', 'down', 'restart'] as const;
export type ComposeAction = (typeof COMPOSE_ACTIONS)[number];

const ACTION_ARGS: Readonly<Record<ComposeAction, readonly string[]>> = {
  up: ['up', '--detach'],
  down: ['down'],
  restart: ['restart'],
};

/** Keep at most this much of compose's stderr for the error message. */
const MAX_ERROR_BYTES = 16 * 1024;

export function isComposeAction(s: string): s is ComposeAction {
  return (COMPOSE_ACTIONS as readonly string[]).includes(s);
}

/** compose's global flags naming the project's files, from the labels of one of its containers. */
async function projectFlags(client: ApiClient, project: string): Promise<string[]> {
  const found = await listContainers(client, { all: true, filters: { label: [`${PROJECT}=${project}`] } });
  if (found.length === 0) throw notFound(`no such compose project: ${project}`);
  const labels = found[0]?.Labels ?? {};
  const flags = ['--project-name', project];
  const dir = labels[WORKING_DIR];
  if (dir) flags.push('--project-directory', dir);
  for (const f of (labels[CONFIG_FILES] ?? '').split(',').filter(Boolean)) flags.push('--file', f);
  for (const f of (labels[ENVIRONMENT_FILE] ?? '').split(',').filter(Boolean)) flags.push('--env-file', f);
  return flags;
}

/** Runs the action; resolves when compose is done, rejects with compose's own error when it fails. */
export async function runComposeAction(client: ApiClient, project: string, action: ComposeAction): Promise<void> {
  const args = [WHARF_BIN, '--host', client.host, 'compose', ...(await projectFlags(client, project)), '--ansi', 'never', ...ACTION_ARGS[action]];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-MAX_ERROR_BYTES)));
  const code = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c: number | null) => resolve(c ?? 1));
  });
  if (code !== 0) throw internal(`compose ${action} failed for project ${project}: ${stderr.trim() || `exit code ${code}`}`);
}
