/**
 * Creating a container as `run` and `create` do: honour --pull (pulling a
 * missing image and retrying), write --cidfile, print the daemon's warnings.
 */
import { writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import type { ContainerCreateRequest } from '../../apitypes/containers.js';
import { createContainer } from '../../client/containers.js';
import { isApiError } from '../../client/errors.js';
import type { CommandContext } from './command.js';
import { invalidArgument } from '../../errdefs/index.js';
import type { Flags } from '../../util/flags.js';

const PULL_POLICIES = ['always', 'missing', 'never'];

/** Checked before anything is sent, like docker's validatePullOpt. */
export function pullPolicy(flags: Flags): string {
  const policy = flags.string('pull');
  if (!PULL_POLICIES.includes(policy)) {
    throw invalidArgument(`invalid pull option: '${policy}': must be one of "always", "missing" or "never"`);
  }
  return policy;
}

export async function createWithPull(ctx: CommandContext, body: ContainerCreateRequest, flags: Flags): Promise<string> {
  const policy = pullPolicy(flags);
  const name = flags.string('name');
  const platform = flags.string('platform');
  const quiet = flags.bool('quiet');
  const cidfile = flags.string('cidfile');
  if (cidfile !== '' && existsSync(cidfile)) {
    throw invalidArgument(`container ID file found, make sure the other container isn't running or delete ${cidfile}`);
  }
  const image = body.Image ?? '';
  // Loaded only when pulling: `run` of a present image skips these modules (CLI start-up time).
  const pullImage = async (): Promise<void> => {
    const { pull } = await import('./pull.js');
    await pull(ctx, image, { platform, quiet, out: ctx.stderr });
  };
  if (policy === 'always') await pullImage();
  let res;
  try {
    res = await createContainer(ctx.client, body, { name, platform });
  } catch (err) {
    if (!(isApiError(err) && err.statusCode === 404 && policy === 'missing' && /image/i.test(err.message))) throw err;
    const { familiarString, parseNormalizedNamed, withDefaultTag } = await import('../../oci/reference.js');
    if (!quiet) ctx.stderr.write(`Unable to find image '${familiarString(withDefaultTag(parseNormalizedNamed(image)))}' locally\n`);
    await pullImage();
    res = await createContainer(ctx.client, body, { name, platform });
  }
  for (const w of res.Warnings ?? []) ctx.stderr.write(`WARNING: ${w}\n`);
  if (cidfile !== '') await writeFile(cidfile, res.Id);
  return res.Id;
}
