/**
 * The embedded DNS server's listeners, one per user network on its gateway, and
 * the handler behind them: local names answered, the rest forwarded upstream.
 */
import { logger } from '../util/logger.js';
import { RCODE, buildAnswer, buildError, formatError, parseQuery } from './dns-message.js';
import { type Upstream, forward, parseUpstreams } from './dns-forward.js';
import { type NameView, resolveName } from './dns-names.js';
import { DnsListener } from './dns-server.js';
import type { NetworkRecord } from './types.js';

const log = logger('dns');

export class DnsRouter {
  private readonly listeners = new Map<string, DnsListener>();

  constructor(
    private readonly port: number,
    private readonly upstreams: readonly Upstream[],
    private readonly view: NameView,
  ) {}

  async handle(net: NetworkRecord, msg: Buffer, source: string, transport: 'udp' | 'tcp'): Promise<Buffer | undefined> {
    const q = parseQuery(msg);
    if (!q) return formatError(msg);
    const r = resolveName(q, net, source, this.view);
    switch (r.kind) {
      case 'answer':
        return buildAnswer(q, r.answers);
      case 'refused':
        return buildError(q, RCODE.REFUSED);
      case 'nxdomain':
        return buildError(q, RCODE.NXDOMAIN);
      case 'forward':
        return (await forward(msg, this.upstreamsOf(net, source), transport)) ?? buildError(q, RCODE.SERVFAIL);
    }
  }

  /** The asking container's own `--dns`, else the daemon's. */
  private upstreamsOf(net: NetworkRecord, source: string): readonly Upstream[] {
    for (const e of this.view.endpoints()) {
      if (e.networkId === net.id && e.ip === source && e.dns?.length) return parseUpstreams(e.dns);
    }
    return this.upstreams;
  }

  /** Start the listener of a network with embedded DNS; a failure to bind is logged, not fatal (names then don't resolve). */
  async open(net: NetworkRecord): Promise<void> {
    if (!net.bridge?.dns || this.listeners.has(net.id)) return;
    const l = new DnsListener(net.bridge.gateway, this.port, (msg, source, transport) => this.handle(net, msg, source, transport));
    try {
      await l.start();
      this.listeners.set(net.id, l);
    } catch (err) {
      log.warn('embedded DNS server not started', { network: net.name, address: `${net.bridge.gateway}:${this.port}`, err: String(err) });
    }
  }

  async close(networkId: string): Promise<void> {
    const l = this.listeners.get(networkId);
    this.listeners.delete(networkId);
    await l?.close();
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.listeners.keys()].map((id) => this.close(id)));
  }
}
