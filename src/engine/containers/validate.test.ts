import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isInvalidArgument } from '../../errdefs/index.js';
import { validateConfig, validateHostConfig, validateRestartPolicy } from './validate.js';

const rejects = (fn: () => unknown, message: string): void =>
  assert.throws(fn, (err: unknown) => isInvalidArgument(err) && (err as Error).message === message);

test('Docker messages for bad create input', () => {
  rejects(() => validateRestartPolicy({ Name: 'always', MaximumRetryCount: 2 }), "invalid restart policy: maximum retry count can only be used with 'on-failure'");
  rejects(() => validateRestartPolicy({ Name: 'on-failure', MaximumRetryCount: -1 }), 'invalid restart policy: maximum retry count cannot be negative');
  rejects(() => validateHostConfig({ AutoRemove: true, RestartPolicy: { Name: 'always' } }), "can't create 'AutoRemove' container with restart policy");
  rejects(() => validateHostConfig({ Memory: 1024 }), 'Minimum memory limit allowed is 6MB');
  rejects(() => validateHostConfig({ CpuShares: -1 }), 'invalid CPU shares (-1): value must be a positive integer');
  rejects(() => validateHostConfig({ ShmSize: -1 }), 'SHM size can not be less than 0');
  rejects(() => validateHostConfig({ Runtime: 'nosuch' }), 'unknown or invalid runtime name: nosuch');
  rejects(() => validateHostConfig({ Runtime: 'toString' }), 'unknown or invalid runtime name: toString');
  rejects(() => validateHostConfig({ OomScoreAdj: 1001 }), 'Invalid value 1001, range for oom score adj is [-1000, 1000]');
  rejects(() => validateHostConfig({ PidMode: 'bogus' }), 'invalid PID mode: bogus');
  rejects(() => validateConfig({ WorkingDir: 'rel' }), "the working directory 'rel' is invalid, it needs to be an absolute path");
  rejects(() => validateConfig({ Env: ['=x'] }), 'invalid environment variable: =x');
  rejects(() => validateConfig({ StopSignal: 'SIGNOPE' }), 'Invalid signal: SIGNOPE');
  const c = { WorkingDir: '/a/../b/' };
  validateConfig(c);
  assert.equal(c.WorkingDir, '/b');
  assert.deepEqual(validateHostConfig({ NetworkMode: 'host', PortBindings: { '80/tcp': [] } }), ['Published ports are discarded when using host network mode']);
});
