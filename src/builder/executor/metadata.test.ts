import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerfile, type Instruction } from '../dockerfile/index.js';
import { applyMetadata, exposedPorts, isMetadata } from './metadata.js';

function apply(lines: string): Record<string, unknown> {
  let cfg = {};
  const state = { cmdSet: false };
  for (const i of parseDockerfile(`FROM scratch\n${lines}`).instructions.slice(1) as Instruction[]) {
    if (!isMetadata(i)) throw new Error(`not metadata: ${i.kind}`);
    cfg = applyMetadata(cfg, i, state);
  }
  return cfg;
}

test('ENV replaces a key in place and appends new ones', () => {
  assert.deepEqual(apply('ENV A=1 B=2\nENV A 3').Env, ['A=3', 'B=2']);
});

test('CMD and ENTRYPOINT in shell form go through SHELL; ENTRYPOINT resets an inherited CMD only', () => {
  assert.deepEqual(apply('SHELL ["/bin/bash", "-c"]\nCMD echo hi'), { Shell: ['/bin/bash', '-c'], Cmd: ['/bin/bash', '-c', 'echo hi'] });
  assert.deepEqual(apply('ENTRYPOINT ["top"]').Cmd, null);
  assert.deepEqual(apply('CMD ["-b"]\nENTRYPOINT ["top"]').Cmd, ['-b']);
});

test('WORKDIR is relative to the previous one; EXPOSE expands ranges and protocols', () => {
  assert.equal(apply('WORKDIR /a\nWORKDIR b\nWORKDIR ../c').WorkingDir, '/a/c');
  assert.deepEqual(exposedPorts(['80', '53/UDP', '8000-8002']), ['80/tcp', '53/udp', '8000/tcp', '8001/tcp', '8002/tcp']);
  assert.throws(() => exposedPorts(['http']), /Invalid containerPort: http/);
  assert.throws(() => exposedPorts(['80/icmp']), /invalid proto: icmp/);
});

test('HEALTHCHECK, VOLUME, LABEL, STOPSIGNAL, USER and ONBUILD land in the config', () => {
  const cfg = apply('HEALTHCHECK --interval=5s CMD true\nVOLUME /data\nLABEL a=b\nSTOPSIGNAL SIGINT\nUSER 1000\nONBUILD RUN echo hi');
  assert.deepEqual(cfg.Healthcheck, { Test: ['CMD-SHELL', 'true'], Interval: 5e9 });
  assert.deepEqual(cfg.Volumes, { '/data': {} });
  assert.deepEqual(cfg.Labels, { a: 'b' });
  assert.equal(cfg.StopSignal, 'SIGINT');
  assert.equal(cfg.User, '1000');
  assert.deepEqual(cfg.OnBuild, ['RUN echo hi']);
});
