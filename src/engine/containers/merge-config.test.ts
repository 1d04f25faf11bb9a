import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isInvalidArgument } from '../../errdefs/index.js';
import { entrypointAndArgs, mergeConfig } from './merge-config.js';

const image = {
  Env: ['PATH=/bin', 'A=image'],
  Cmd: ['sh'],
  Entrypoint: ['/init'],
  WorkingDir: '/app',
  User: 'app',
  Labels: { l: 'image', m: 'image' },
  ExposedPorts: { '80/tcp': {} },
  StopSignal: 'SIGQUIT',
  Volumes: { '/data': {} },
};

test('image config fills what the request leaves out; user values win', () => {
  const c = mergeConfig({ Env: ['A=user', 'B=1'], Labels: { l: 'user' }, ExposedPorts: { '443/tcp': {} } }, image);
  assert.deepEqual(c.Env, ['A=user', 'B=1', 'PATH=/bin']);
  assert.deepEqual(c.Labels, { l: 'user', m: 'image' });
  assert.deepEqual(c.ExposedPorts, { '80/tcp': {}, '443/tcp': {} });
  assert.deepEqual(c.Entrypoint, ['/init']);
  assert.deepEqual(c.Cmd, ['sh']);
  assert.equal(c.WorkingDir, '/app');
  assert.equal(c.User, 'app');
  assert.equal(c.StopSignal, 'SIGQUIT');
});

test('an entrypoint in the request drops the image cmd; [""] clears it', () => {
  assert.deepEqual(mergeConfig({ Entrypoint: ['/bin/echo'] }, image).Cmd, null);
  const cleared = mergeConfig({ Entrypoint: [''], Cmd: ['ls'] }, image);
  assert.equal(cleared.Entrypoint, null);
  assert.deepEqual(entrypointAndArgs(cleared), { path: 'ls', args: [] });
  assert.deepEqual(entrypointAndArgs(mergeConfig({ Cmd: 'top' }, image)), { path: '/init', args: ['top'] });
  assert.throws(() => mergeConfig({}, {}), (err: unknown) => isInvalidArgument(err) && (err as Error).message === 'no command specified');
});
