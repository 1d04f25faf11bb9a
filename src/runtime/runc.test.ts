import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isConflict, isInvalidArgument, isNotFound } from '../errdefs/index.js';
import { classifyRuncError } from './errors.js';
import { parseBoundingSet, parseProcLimits } from './host-facts.js';
import { mapRuncError, runcErrorMessage } from './runc.js';
import { signalNumber } from './signals.js';

describe('runc error text', () => {
  it('extracts the message from logrus text and JSON lines', () => {
    assert.equal(runcErrorMessage('time="2024-01-01T00:00:00Z" level=error msg="container \\"x\\" does not exist"\n'), 'container "x" does not exist');
    assert.equal(runcErrorMessage('{"level":"info","msg":"hi"}\n{"level":"error","msg":"runc create failed: boom"}\n'), 'runc create failed: boom');
    assert.equal(runcErrorMessage('plain failure\n'), 'plain failure');
  });

  it('maps messages to errdefs kinds', () => {
    assert.ok(isNotFound(mapRuncError('abc', 'container does not exist')));
    assert.ok(isConflict(mapRuncError('abc', 'container not running')));
    assert.match(mapRuncError('abc', 'container not running').message, /^Container abc is not running$/);
  });

  it('classifies start failures as Docker does', () => {
    assert.equal(classifyRuncError('exec: "nosuch": executable file not found in $PATH'), 'executable-not-found');
    assert.equal(classifyRuncError('exec: "/x": stat /x: no such file or directory'), 'executable-not-found');
    assert.equal(classifyRuncError('exec: "/etc": permission denied'), 'permission-denied');
    assert.equal(classifyRuncError('cgroup: something odd'), 'other');
  });
});

describe('signals', () => {
  it('accepts names with or without SIG and numbers', () => {
    assert.equal(signalNumber('SIGTERM'), 15);
    assert.equal(signalNumber('kill'), 9);
    assert.equal(signalNumber('15'), 15);
    assert.equal(signalNumber(2), 2);
    assert.throws(() => signalNumber('SIGNOPE'), (e: unknown) => isInvalidArgument(e) && /Invalid signal: SIGNOPE/.test((e as Error).message));
    assert.throws(() => signalNumber(0), /Invalid signal/);
  });
});

describe('host facts', () => {
  it('parses the bounding set and hard limits', () => {
    assert.deepEqual(parseBoundingSet('Name:\tx\nCapBnd:\t00000000a80425fb\n'), [
      'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_KILL', 'CAP_SETGID', 'CAP_SETUID', 'CAP_SETPCAP',
      'CAP_NET_BIND_SERVICE', 'CAP_NET_RAW', 'CAP_SYS_CHROOT', 'CAP_MKNOD', 'CAP_AUDIT_WRITE', 'CAP_SETFCAP',
    ]);
    const limits = parseProcLimits(`Limit                     Soft Limit           Hard Limit           Units
Max open files            1024                 20000                files
Max core file size        0                    unlimited            bytes
`);
    assert.deepEqual(limits, { RLIMIT_NOFILE: 20000, RLIMIT_CORE: Infinity });
  });
});
