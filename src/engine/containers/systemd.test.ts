import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isInvalidArgument } from '../../errdefs/index.js';
import { isSystemContainer, SYSTEMD_LABEL, systemdMode } from './systemd.js';

describe('--systemd', () => {
  it('true (the default) switches on for an init command only', () => {
    for (const path of ['/sbin/init', '/usr/sbin/init', '/usr/local/sbin/init', '/lib/systemd/systemd', 'systemd']) assert.ok(isSystemContainer({}, {}, path), path);
    for (const path of ['bash', '/sbin/init.sh', '/usr/bin/tini', '']) assert.ok(!isSystemContainer({}, {}, path), path);
  });

  it('always and false override the command', () => {
    assert.ok(isSystemContainer({ Systemd: 'always' }, {}, 'bash'));
    assert.ok(!isSystemContainer({ Systemd: 'false' }, {}, '/sbin/init'));
  });

  it('the label serves clients that cannot send HostConfig.Systemd; the field wins', () => {
    assert.ok(isSystemContainer({}, { Labels: { [SYSTEMD_LABEL]: 'always' } }, 'bash'));
    assert.ok(!isSystemContainer({}, { Labels: { [SYSTEMD_LABEL]: 'false' } }, '/sbin/init'));
    assert.ok(!isSystemContainer({ Systemd: 'false' }, { Labels: { [SYSTEMD_LABEL]: 'always' } }, '/sbin/init'));
  });

  it('anything else is a 400', () => {
    assert.throws(() => systemdMode({ Systemd: 'yes' }, {}), (e: Error) => isInvalidArgument(e) && e.message === 'invalid systemd mode "yes": must be true, false or always');
    assert.throws(() => systemdMode({}, { Labels: { [SYSTEMD_LABEL]: 'on' } }), (e: Error) => isInvalidArgument(e) && /io\.wharf\.systemd label "on"/.test(e.message));
  });
});
