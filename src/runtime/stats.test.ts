import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseBlkio, parseKeyValues, parseNetDev, parseSystemCpu } from './stats.js';

describe('cgroup v1 and /proc parsers', () => {
  it('parses key/value files', () => {
    assert.deepEqual(parseKeyValues('nr_periods 4\nnr_throttled 1\nthrottled_time 12345\n'), { nr_periods: 4, nr_throttled: 1, throttled_time: 12345 });
  });

  it('parses blkio files without the Total line', () => {
    assert.deepEqual(parseBlkio('8:0 Read 4096\n8:0 Write 0\nTotal 4096\n'), [
      { major: 8, minor: 0, op: 'Read', value: 4096 },
      { major: 8, minor: 0, op: 'Write', value: 0 },
    ]);
  });

  it('parses /proc/net/dev, skipping loopback', () => {
    const text = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo:     100       1    0    0    0     0          0         0      100       1    0    0    0     0       0          0
  eth0:    1500      10    1    2    0     0          0         0      700       7    3    4    0     0       0          0
`;
    assert.deepEqual(parseNetDev(text), {
      eth0: { rx_bytes: 1500, rx_packets: 10, rx_errors: 1, rx_dropped: 2, tx_bytes: 700, tx_packets: 7, tx_errors: 3, tx_dropped: 4 },
    });
  });

  it('sums /proc/stat into nanoseconds and counts cpus', () => {
    const s = parseSystemCpu('cpu  100 0 50 800 50 0 0 0 0 0\ncpu0 50 0 25 400 25 0 0 0 0 0\ncpu1 50 0 25 400 25 0 0 0 0 0\nintr 1\n');
    assert.equal(s.totalNs, 1000 * 1e7);
    assert.equal(s.onlineCpus, 2);
  });
});
