/**
 * The network of a classic builder's RUN container, made as a container of the
 * engine gets its own: a sandbox on the default bridge (or on a user network,
 * with its embedded DNS), the host's namespace, or loopback only; /etc/hosts
 * with `--add-host` entries and /etc/resolv.conf as Docker writes them. The
 * builder's containers are not the engine's, so no record and no events.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { NetworkService } from '../../network/index.js';
import type { NamespaceMode } from '../../runtime/index.js';
import { buildHosts, buildResolvConf, readOptional, writeEtcFiles } from '../containers/etc-files.js';
import { primaryNetwork } from './endpoints.js';
import { hostGateway } from './sandbox.js';

export interface BuildSandboxOptions {
  /** Daemon-wide `--dns`. */
  dns?: string[];
}

export class BuildSandboxes {
  constructor(
    private readonly network: NetworkService,
    private readonly opts: BuildSandboxOptions = {},
  ) {}

  /**
   * `mode` is `default`, `host`, `none` or a network's name (an unknown one is
   * not-found, before anything is made); the files are written into `dir`.
   */
  async join(
    id: string,
    req: { mode: string; hostname: string; extraHosts: string[]; dir: string },
  ): Promise<{ namespace: NamespaceMode; hosts: string; resolvConf: string; release(): Promise<void> }> {
    const gateway = hostGateway(this.network);
    if (req.mode === 'host' || req.mode === 'none') {
      const hostNetwork = req.mode === 'host';
      const { hosts, resolvConf } = await writeEtcFiles({ ...this.opts, dir: req.dir, hostname: req.hostname, hostNetwork, extraHosts: req.extraHosts, hostGateway: gateway });
      return { namespace: { type: hostNetwork ? 'host' : 'private' }, hosts, resolvConf, release: async () => undefined };
    }
    const net = this.network.get(primaryNetwork(req.mode));
    if (net.driver !== 'bridge') return this.join(id, { ...req, mode: net.driver === 'host' ? 'host' : 'none' });
    const path = await this.network.createSandbox(id);
    const release = (): Promise<void> => this.network.destroySandbox(id);
    try {
      const settings = await this.network.attach(id, net.id, { name: req.hostname });
      const self = settings.IPAddress ? { ip: settings.IPAddress, hostname: req.hostname } : undefined;
      const embedded = this.network.dnsServer(net.id);
      const hostResolv = await readOptional('/etc/resolv.conf');
      const files = { hosts: join(req.dir, 'hosts'), resolvConf: join(req.dir, 'resolv.conf') };
      await Promise.all([
        writeFile(files.hosts, buildHosts({ extraHosts: req.extraHosts, hostGateway: gateway, self })),
        writeFile(files.resolvConf, buildResolvConf(hostResolv, { hostNetwork: false, dns: embedded ? [embedded] : this.opts.dns })),
      ]);
      return { namespace: { type: 'path', path }, ...files, release };
    } catch (err) {
      await release().catch(() => undefined);
      throw err;
    }
  }
}
