import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSecurityOpts } from './security-opts.js';

test('security options as moby parses them', () => {
  assert.deepEqual(parseSecurityOpts(['no-new-privileges']), { noNewPrivileges: true, seccomp: 'default' });
  assert.deepEqual(parseSecurityOpts(['no-new-privileges:false', 'seccomp=unconfined']), { noNewPrivileges: false, seccomp: 'unconfined' });
  assert.equal(parseSecurityOpts(['seccomp=builtin', 'label=disable', 'apparmor=unconfined']).seccomp, 'default');
  const custom = parseSecurityOpts(['seccomp={"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"name":"mkdir","action":"SCMP_ACT_ERRNO"}]}']).seccomp;
  assert.ok(typeof custom === 'object');
  assert.deepEqual(custom.rules, [{ names: ['mkdir'], action: 'SCMP_ACT_ERRNO' }]);
  assert.throws(() => parseSecurityOpts(['foo=bar']), /invalid --security-opt 2: "foo=bar"/);
  assert.throws(() => parseSecurityOpts(['bogus']), /invalid --security-opt 1: "bogus"/);
  assert.throws(() => parseSecurityOpts(['no-new-privileges=maybe']), /invalid --security-opt 2/);
  assert.throws(() => parseSecurityOpts(['seccomp={"syscalls":[]}']), /Decoding seccomp profile failed: defaultAction is missing/);
  assert.throws(() => parseSecurityOpts(['seccomp={bad']), /Decoding seccomp profile failed/);
});
