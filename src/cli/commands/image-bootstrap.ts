import { createReadStream } from 'node:fs';
import { importImage } from '../../client/images.js';
import { busyboxRootfs, findStaticBusybox } from '../bootstrap/busybox.js';
import { debianRootfsTarball, DEBIAN_SUITE } from '../bootstrap/debian.js';
import type { Command } from '../lib/command.js';
import { StatusError } from '../lib/errors.js';
import { displayJsonMessages } from '../lib/progress.js';

/**
 * The PATH Docker Hub's busybox and debian images carry in their config: a runtime that adds
 * no default of its own (podman 4.3's `kube play`) finds nothing on PATH without it.
 */
const IMAGE_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export const command: Command = {
  name: 'bootstrap',
  usage: 'busybox|debian',
  description: 'Make a base image offline: busybox from the host, or Debian with debootstrap',
  minArgs: 1,
  maxArgs: 1,
  flags: [{ name: 'systemd', type: 'bool', description: 'debian: with systemd as /sbin/init, tagged bookworm-systemd (a system container image)' }],
  async run(ctx, flags, [which = '']) {
    let tar: NodeJS.ReadableStream;
    let target: { repo: string; tag: string; cmd: string };
    if (which === 'busybox' && flags.bool('systemd')) throw new StatusError(1, '--systemd is for the debian image');
    if (which === 'busybox') {
      tar = await busyboxRootfs(await findStaticBusybox());
      target = { repo: 'busybox', tag: 'latest', cmd: 'sh' };
    } else if (which === 'debian' && flags.bool('systemd')) {
      tar = createReadStream(await debianRootfsTarball(ctx.env, ctx.stderr, 'systemd'));
      target = { repo: 'debian', tag: `${DEBIAN_SUITE}-systemd`, cmd: '/sbin/init' };
    } else if (which === 'debian') {
      tar = createReadStream(await debianRootfsTarball(ctx.env, ctx.stderr));
      target = { repo: 'debian', tag: DEBIAN_SUITE, cmd: 'bash' };
    } else {
      throw new StatusError(1, `unknown base image "${which}": choose busybox or debian`);
    }
    // One API, no side door: the rootfs goes to the daemon as an import.
    const res = await importImage(ctx.client, tar, { repo: target.repo, tag: target.tag, changes: [`ENV ${IMAGE_PATH}`, `CMD ["${target.cmd}"]`] });
    await displayJsonMessages(res, ctx.stdout);
  },
};
