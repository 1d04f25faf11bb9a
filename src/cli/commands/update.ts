import type { ContainerUpdateRequest } from '../../apitypes/containers.js';
import { updateContainer } from '../../client/containers.js';
import type { Command } from '../lib/command.js';
import { containerFlagsNamed } from '../lib/container-flags.js';
import { memoryBytes, nanoCpus, parseRestartPolicy } from '../lib/create-request.js';
import { forEachTarget, StatusError } from '../lib/errors.js';
import type { FlagDef, Flags } from '../../util/flags.js';

function updateRequest(flags: Flags): ContainerUpdateRequest {
  const body: ContainerUpdateRequest = {};
  const bytes = (name: string): number | undefined => (flags.changed(name) ? memoryBytes(name, flags.string(name)) : undefined);
  const int = (name: string): number | undefined => (flags.changed(name) ? flags.int(name) : undefined);
  body.Memory = bytes('memory');
  body.MemoryReservation = bytes('memory-reservation');
  body.MemorySwap = bytes('memory-swap');
  body.CpuShares = int('cpu-shares');
  body.CpuPeriod = int('cpu-period');
  body.CpuQuota = int('cpu-quota');
  body.BlkioWeight = int('blkio-weight');
  body.PidsLimit = int('pids-limit');
  if (flags.changed('cpus')) body.NanoCpus = nanoCpus(flags.string('cpus'));
  if (flags.changed('cpuset-cpus')) body.CpusetCpus = flags.string('cpuset-cpus');
  if (flags.changed('cpuset-mems')) body.CpusetMems = flags.string('cpuset-mems');
  if (flags.changed('restart')) body.RestartPolicy = parseRestartPolicy(flags.string('restart'));
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) as ContainerUpdateRequest;
}

// The resource flags of `run`; docker's `update` words --memory-swap without quotes and gives --restart no default.
const UPDATE_FLAGS: readonly FlagDef[] = [
  ...containerFlagsNamed(['blkio-weight', 'cpu-period', 'cpu-quota', 'cpu-shares', 'cpus', 'cpuset-cpus', 'cpuset-mems', 'memory', 'memory-reservation', 'pids-limit']),
  { name: 'memory-swap', type: 'string', description: 'Swap limit equal to memory plus swap: -1 to enable unlimited swap' },
  { name: 'restart', type: 'string', description: 'Restart policy to apply when a container exits' },
];

export const command: Command = {
  name: 'update',
  usage: '[OPTIONS] CONTAINER [CONTAINER...]',
  description: 'Update configuration of one or more containers',
  minArgs: 1,
  flags: UPDATE_FLAGS,
  async run(ctx, flags, args) {
    const body = updateRequest(flags);
    if (Object.keys(body).length === 0) throw new StatusError(1, 'you must provide one or more flags when using this command');
    await forEachTarget(
      args,
      (id) => updateContainer(ctx.client, id, body),
      (id, res) => {
        for (const w of res?.Warnings ?? []) ctx.stderr.write(`${w}\n`);
        ctx.stdout.write(`${id}\n`);
      },
    );
  },
};
