import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isInvalidArgument } from '../errdefs/index.js';
import { applyChanges, words } from './changes.js';
import { parseTimestamp, referenceMatches } from './filters.js';

test('change lines in JSON and shell form', () => {
  const cfg = applyChanges({ Cmd: ['old'], Env: ['A=1', 'PATH=/bin'] }, [
    'CMD ["sh", "-c", "echo hi"]',
    'ENV A=2 B="two words"',
    'env LEGACY value with spaces',
    'LABEL "com.x"=y z=1',
    'EXPOSE 80 53/udp 8000-8001',
    'VOLUME /data /logs',
    'WORKDIR /app',
    'WORKDIR sub/../src',
    'USER nobody',
    'STOPSIGNAL SIGINT',
    'ONBUILD RUN true',
  ]);
  assert.deepEqual(cfg.Cmd, ['sh', '-c', 'echo hi']);
  assert.deepEqual(cfg.Env, ['PATH=/bin', 'A=2', 'B=two words', 'LEGACY=value with spaces']);
  assert.deepEqual(cfg.Labels, { 'com.x': 'y', z: '1' });
  assert.deepEqual(Object.keys(cfg.ExposedPorts ?? {}), ['80/tcp', '53/udp', '8000/tcp', '8001/tcp']);
  assert.deepEqual(Object.keys(cfg.Volumes ?? {}), ['/data', '/logs']);
  assert.equal(cfg.WorkingDir, '/app/src');
  assert.equal(cfg.User, 'nobody');
  assert.equal(cfg.StopSignal, 'SIGINT');
  assert.deepEqual(cfg.OnBuild, ['RUN true']);
});

test('ENTRYPOINT drops an inherited CMD unless one is given; shell form uses the shell', () => {
  assert.equal(applyChanges({ Cmd: ['x'] }, ['ENTRYPOINT top -b']).Cmd, null);
  assert.deepEqual(applyChanges({ Cmd: ['x'] }, ['ENTRYPOINT top -b']).Entrypoint, ['/bin/sh', '-c', 'top -b']);
  assert.deepEqual(applyChanges({}, ['CMD ["y"]', 'ENTRYPOINT ["e"]']).Cmd, ['y']);
  assert.deepEqual(applyChanges({ Shell: ['/bin/bash', '-c'] }, ['CMD ls']).Cmd, ['/bin/bash', '-c', 'ls']);
});

test('HEALTHCHECK and rejected instructions', () => {
  assert.deepEqual(applyChanges({}, ['HEALTHCHECK --interval=5s --retries=3 CMD curl -f x']).Healthcheck, { Interval: 5e9, Retries: 3, Test: ['CMD-SHELL', 'curl -f x'] });
  assert.deepEqual(applyChanges({}, ['HEALTHCHECK NONE']).Healthcheck, { Test: ['NONE'] });
  assert.throws(() => applyChanges({}, ['RUN echo']), (e: unknown) => isInvalidArgument(e) && (e as Error).message === 'run is not a valid change command');
  assert.throws(() => applyChanges({}, ['EXPOSE http']), isInvalidArgument);
  assert.throws(() => words('"open'), isInvalidArgument);
});

test('filters: Go path.Match globs and Docker timestamps', () => {
  assert.ok(referenceMatches(['busy*'], 'docker.io/library/busybox:latest'));
  assert.ok(!referenceMatches(['*'], 'docker.io/user/app:latest'));
  assert.ok(referenceMatches(['user/*'], 'docker.io/user/app:latest'));
  assert.ok(referenceMatches(['a?c:[0-9]*'], 'docker.io/library/abc:1.2'));
  assert.throws(() => referenceMatches(['a[', 'b'], 'docker.io/library/abc:1.2'), (e: unknown) => isInvalidArgument(e) && (e as Error).message === 'syntax error in pattern');
  assert.equal(parseTimestamp('1700000000'), 1_700_000_000_000);
  assert.equal(parseTimestamp('2024-01-02T03:04:05Z'), Date.UTC(2024, 0, 2, 3, 4, 5));
  assert.equal(parseTimestamp('1h30m', 10_000_000), 10_000_000 - 5_400_000);
  assert.throws(() => parseTimestamp('yesterday'), isInvalidArgument);
});
