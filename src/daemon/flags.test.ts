import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDaemonArgs, DEFAULTS } from './flags.js';
import { isInvalidArgument } from '../errdefs/index.js';

test('defaults match dockerd-style paths', () => {
  assert.deepEqual(parseDaemonArgs([]), { kind: 'run', config: DEFAULTS });
});

test('flags in both --flag value and --flag=value forms', () => {
  const r = parseDaemonArgs(['--data-root', '/d', '--exec-root=/e', '-H', 'unix:///tmp/x.sock', '--log-level=debug', '--insecure-registry', 'reg:5000', '--insecure-registry=10.0.0.0/8']);
  assert.deepEqual(r, {
    kind: 'run',
    config: { dataRoot: '/d', execRoot: '/e', socketPath: '/tmp/x.sock', logLevel: 'debug', insecureRegistries: ['reg:5000', '10.0.0.0/8'] },
  });
});

test('exec-root alone moves the socket beside it', () => {
  const r = parseDaemonArgs(['--exec-root', '/e2']);
  assert.equal(r.kind === 'run' && r.config.socketPath, '/e2/wharf.sock');
});

test('tcp hosts and unknown flags are refused', () => {
  assert.throws(() => parseDaemonArgs(['-H', 'tcp://0.0.0.0:2375']), isInvalidArgument);
  assert.throws(() => parseDaemonArgs(['--bogus']), /unknown flag: --bogus/);
  assert.throws(() => parseDaemonArgs(['--data-root']), /flag needs an argument/);
  assert.throws(() => parseDaemonArgs(['--log-level', 'loud']), /unable to parse logging level/);
});
