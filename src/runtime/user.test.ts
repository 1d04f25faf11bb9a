import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { resolveInRoot } from './scoped-path.js';
import { Cleanup, makeTempDir } from './testing/fixtures.js';
import { resolveUser, resolveUserFromFiles } from './user.js';

const PASSWD = `root:x:0:0:root:/root:/bin/sh
# a comment
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
app:x:1000:1000:App:/home/app:/bin/sh
`;
const GROUP = `root:x:0:
daemon:x:1:
app:x:1000:
audio:x:29:app,daemon
video:x:44:app
`;

const cleanup = new Cleanup();
after(() => cleanup.run());

describe('resolveUserFromFiles', () => {
  it('defaults to root', () => {
    assert.deepEqual(resolveUserFromFiles('', PASSWD, GROUP), { uid: 0, gid: 0, additionalGids: [] });
  });

  it('resolves names and uids with their supplementary groups', () => {
    assert.deepEqual(resolveUserFromFiles('app', PASSWD, GROUP), { uid: 1000, gid: 1000, additionalGids: [29, 44] });
    assert.deepEqual(resolveUserFromFiles('1000', PASSWD, GROUP), { uid: 1000, gid: 1000, additionalGids: [29, 44] });
  });

  it('takes an explicit group instead of supplementary ones', () => {
    assert.deepEqual(resolveUserFromFiles('app:audio', PASSWD, GROUP), { uid: 1000, gid: 29, additionalGids: [] });
    assert.deepEqual(resolveUserFromFiles('app:4242', PASSWD, GROUP), { uid: 1000, gid: 4242, additionalGids: [] });
  });

  it('accepts unknown numeric ids with gid 0', () => {
    assert.deepEqual(resolveUserFromFiles('4321', PASSWD, GROUP), { uid: 4321, gid: 0, additionalGids: [] });
    assert.deepEqual(resolveUserFromFiles('4321:99', undefined, undefined), { uid: 4321, gid: 99, additionalGids: [] });
  });

  it("fails like Docker for unknown names and bad ranges", () => {
    assert.throws(() => resolveUserFromFiles('nobody', PASSWD, GROUP), /^Error: unable to find user nobody: no matching entries in passwd file$|unable to find user nobody: no matching entries in passwd file/);
    assert.throws(() => resolveUserFromFiles('app:staff', PASSWD, GROUP), /unable to find group staff: no matching entries in group file/);
    assert.throws(() => resolveUserFromFiles('nobody', undefined, undefined), /unable to find user nobody/);
    assert.throws(() => resolveUserFromFiles('3000000000', PASSWD, GROUP), /uids and gids must be in range 0-2147483647/);
  });

  it('adds --group-add groups by name or id', () => {
    assert.deepEqual(resolveUserFromFiles('daemon', PASSWD, GROUP, ['video', '777']), { uid: 1, gid: 1, additionalGids: [29, 44, 777] });
    assert.throws(() => resolveUserFromFiles('daemon', PASSWD, GROUP, ['staff']), /Unable to find group staff/);
  });
});

describe('resolveUser and resolveInRoot', () => {
  it('reads the rootfs files without following symlinks out of it', async () => {
    const root = await makeTempDir();
    cleanup.dir(root);
    await mkdir(join(root, 'etc'));
    await mkdir(join(root, 'real'));
    await writeFile(join(root, 'real/passwd'), PASSWD);
    // Absolute and climbing links are resolved inside the root.
    await symlink('/real/passwd', join(root, 'etc/passwd'));
    await symlink('../../../../../etc/group-in-root', join(root, 'etc/group'));
    await writeFile(join(root, 'etc/group-in-root'), GROUP);
    assert.equal(await resolveInRoot(root, '/etc/passwd'), join(root, 'real/passwd'));
    assert.equal(await resolveInRoot(root, '/etc/group'), join(root, 'etc/group-in-root'));
    assert.deepEqual(await resolveUser(root, 'app'), { uid: 1000, gid: 1000, additionalGids: [29, 44] });
  });
});
