/**
 * Stand-in for a daemon that starts a container and then dies: creates and
 * starts one container through a ConmonRuntime, prints its pid, and exits.
 * Usage: start-detached.ts <execRoot> <id> <bundleDir> <logPath>
 * (config.json must already be in the bundle directory).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Spec } from '../../oci/runtime-spec.js';
import { ConmonRuntime } from '../runtime.js';

const [execRoot, id, bundleDir, logPath] = process.argv.slice(2) as [string, string, string, string];
const spec = JSON.parse(await readFile(join(bundleDir, 'config.json'), 'utf8')) as Spec;
const rt = new ConmonRuntime({ execRoot });
const { pid } = await rt.create(id, { bundleDir, spec, tty: false, openStdin: false, stdinOnce: false, logPath });
await rt.start(id);
rt.close();
process.stdout.write(`${pid}\n`);
