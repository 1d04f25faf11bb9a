import type { InfoResponse } from '../../apitypes/system.js';
import { systemInfo } from '../../client/system.js';
import { renderOne } from '../format/formatter.js';
import type { Command } from '../lib/command.js';
import { errorText, StatusError } from '../lib/errors.js';
import { INSPECT_FORMAT_FLAG } from '../lib/inspect.js';
import { reportTemplate } from '../lib/report-format.js';
import { bytesSize } from '../../util/units.js';
import { clientVersion } from '../lib/version.js';

type Info = InfoResponse & { Warnings?: string[] | null; LoggingDriver?: string; DefaultRuntime?: string; Runtimes?: Record<string, unknown>; InitBinary?: string; Debug?: boolean };

function serverText(i: Info): string {
  const rows: Array<[string, unknown]> = [
    ['Server Version', i.ServerVersion],
    ['Storage Driver', i.Driver],
    ['Logging Driver', i.LoggingDriver],
    ['Cgroup Driver', i.CgroupDriver],
    ['Cgroup Version', i.CgroupVersion],
    ['Runtimes', i.Runtimes ? Object.keys(i.Runtimes).sort().join(' ') : undefined],
    ['Default Runtime', i.DefaultRuntime],
    ['Init Binary', i.InitBinary],
    ['Kernel Version', i.KernelVersion],
    ['Operating System', i.OperatingSystem],
    ['OSType', i.OSType],
    ['Architecture', i.Architecture],
    ['CPUs', i.NCPU],
    ['Total Memory', typeof i.MemTotal === 'number' ? bytesSize(i.MemTotal) : undefined],
    ['Name', i.Name],
    ['ID', i.ID],
    ['Docker Root Dir', i.DockerRootDir],
    ['Debug Mode', i.Debug],
  ];
  return (
    `\nServer:\n Containers: ${i.Containers ?? 0}\n  Running: ${i.ContainersRunning ?? 0}\n  Paused: ${i.ContainersPaused ?? 0}\n  Stopped: ${i.ContainersStopped ?? 0}\n Images: ${i.Images ?? 0}\n` +
    rows.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => ` ${k}: ${String(v)}\n`).join('')
  );
}

export const command: Command = {
  name: 'info',
  usage: '[OPTIONS]',
  description: 'Display system-wide information',
  maxArgs: 0,
  flags: [INSPECT_FORMAT_FLAG],
  async run(ctx, flags) {
    const tmpl = reportTemplate(flags);
    const clientInfo = { Version: clientVersion(), Context: 'default', Debug: false };
    let info: Info | undefined;
    let failure: unknown;
    try {
      info = (await systemInfo(ctx.client)) as Info;
    } catch (err) {
      failure = err;
    }
    if (tmpl) {
      ctx.stdout.write(renderOne(tmpl, { ...info, ClientInfo: clientInfo, ServerErrors: failure ? [errorText(failure)] : undefined }));
    } else {
      ctx.stdout.write(`Client:\n Version:    ${clientInfo.Version}\n Context:    ${clientInfo.Context}\n Debug Mode: ${clientInfo.Debug}\n`);
      if (info) ctx.stdout.write(serverText(info));
      for (const w of info?.Warnings ?? []) ctx.stderr.write(`${w}\n`);
    }
    if (failure) throw new StatusError(1, errorText(failure));
  },
};
