import { stat, readFile, writeFile } from 'node:fs/promises';
import { buildImage } from '../../client/build.js';
import { parseNormalizedNamed } from '../../oci/reference.js';
import type { Command } from '../lib/command.js';
import { StatusError } from '../lib/errors.js';
import { kvMap } from '../lib/kv.js';
import { dockerfileInContext, notADirectory, packDirectory, readAllStdin, stdinContext, type PackedContext } from '../lib/build-context.js';
import { displayJsonMessages } from '../lib/progress.js';

/** `--build-arg NAME` takes NAME from the environment; unset, it is sent as null (and ignored). */
function buildArgs(entries: readonly string[], env: Readonly<Record<string, string | undefined>>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const e of entries) {
    const i = e.indexOf('=');
    if (i >= 0) out[e.slice(0, i)] = e.slice(i + 1);
    else out[e] = env[e] ?? null;
  }
  return out;
}

async function context(source: string, file: string, stdin: NodeJS.ReadableStream): Promise<PackedContext> {
  if (source === '-') {
    if (file === '-') throw new StatusError(1, 'invalid argument: can\'t use stdin for both build context and dockerfile');
    const ctx = await stdinContext(stdin);
    return file !== '' && ctx.dockerfile === '' ? { ...ctx, dockerfile: file } : ctx;
  }
  if (/^(https?|git):\/\//.test(source) || source.startsWith('git@')) throw new StatusError(1, `remote build contexts are not supported: ${source}`);
  if (!(await stat(source).then((s) => s.isDirectory(), () => false))) throw notADirectory(source);
  if (file === '-') return packDirectory(source, undefined, await readAllStdin(stdin));
  if (file === '') return packDirectory(source, 'Dockerfile', undefined);
  const inside = dockerfileInContext(source, file);
  if (inside !== undefined) return packDirectory(source, inside, undefined);
  const text = await readFile(file, 'utf8').catch(() => {
    throw new StatusError(1, `unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat ${file}: no such file or directory`);
  });
  return packDirectory(source, undefined, text);
}

export const command: Command = {
  name: 'build',
  usage: '[OPTIONS] PATH | URL | -',
  description: 'Build an image from a Dockerfile',
  minArgs: 1,
  maxArgs: 1,
  flags: [
    { name: 'add-host', type: 'list', description: 'Add a custom host-to-IP mapping (host:ip)' },
    { name: 'build-arg', type: 'list', description: 'Set build-time variables' },
    { name: 'cache-from', type: 'list', description: 'Images to consider as cache sources' },
    { name: 'file', short: 'f', type: 'string', description: "Name of the Dockerfile (Default is 'PATH/Dockerfile')" },
    { name: 'force-rm', type: 'bool', description: 'Always remove intermediate containers (they always are)' },
    { name: 'iidfile', type: 'string', description: 'Write the image ID to the file' },
    { name: 'label', type: 'list', description: 'Set metadata for an image' },
    { name: 'network', type: 'string', description: 'Set the networking mode for the RUN instructions during build' },
    { name: 'no-cache', type: 'bool', description: 'Do not use cache when building the image' },
    { name: 'progress', type: 'string', description: 'Set type of progress output (auto, plain, tty)' },
    { name: 'pull', type: 'bool', description: 'Always attempt to pull a newer version of the image (base images come from the local store)' },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Suppress the build output and print image ID on success' },
    { name: 'rm', type: 'bool', description: 'Remove intermediate containers after a successful build (always)' },
    { name: 'tag', short: 't', type: 'list', description: "Name and optionally a tag in the 'name:tag' format" },
    { name: 'target', type: 'string', description: 'Set the target build stage to build.' },
  ],
  async run(ctx, flags, [source = '']) {
    const progress = flags.string('progress') || 'auto';
    if (!['auto', 'plain', 'tty'].includes(progress)) throw new StatusError(1, `invalid progress mode: ${progress}`);
    const tags = flags.list('tag');
    for (const t of tags) {
      try {
        parseNormalizedNamed(t);
      } catch (err) {
        throw new StatusError(1, `invalid argument "${t}" for "-t, --tag" flag: ${(err as Error).message}`);
      }
    }
    const packed = await context(source, flags.string('file'), ctx.stdin);
    const quiet = flags.bool('quiet');
    const res = await buildImage(ctx.client, packed.tar, {
      tags,
      dockerfile: packed.dockerfile,
      buildArgs: buildArgs(flags.list('build-arg'), ctx.env),
      labels: kvMap(flags.list('label')),
      target: flags.string('target'),
      noCache: flags.bool('no-cache'),
      quiet,
      networkMode: flags.string('network'),
      extraHosts: flags.list('add-host'),
      // A string slice, as docker's: repeated or comma-separated.
      cacheFrom: flags.list('cache-from').flatMap((v) => v.split(',')).filter((v) => v !== ''),
    });
    // On a terminal `tty` could redraw; the classic builder's output is a plain log either way.
    const aux = await displayJsonMessages(res, ctx.stdout, { quiet });
    const id = aux.map((a) => (a as { ID?: string }).ID).find((x) => typeof x === 'string');
    if (quiet && id) ctx.stdout.write(`${id}\n`);
    const iidfile = flags.string('iidfile');
    if (iidfile !== '' && id) await writeFile(iidfile, id);
  },
};
