import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdtemp, mkdir, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPath } from './source-hash.js';

test('equal trees hash equal whatever their mtimes; content, names, modes and link targets count', async () => {
  const root = await mkdtemp(join(tmpdir(), 'srchash-'));
  try {
    const make = async (name: string): Promise<string> => {
      const d = join(root, name);
      await mkdir(join(d, 'sub'), { recursive: true });
      await writeFile(join(d, 'a.txt'), 'a');
      await writeFile(join(d, 'sub', 'b.txt'), 'b');
      await symlink('a.txt', join(d, 'link'));
      return d;
    };
    const [x, y] = [await make('x'), await make('y')];
    await utimes(join(y, 'a.txt'), new Date(0), new Date(0));
    assert.equal(await hashPath(x), await hashPath(y));
    await writeFile(join(y, 'sub', 'b.txt'), 'B');
    assert.notEqual(await hashPath(x), await hashPath(y));
    await writeFile(join(y, 'sub', 'b.txt'), 'b');
    await chmod(join(y, 'a.txt'), 0o755);
    assert.notEqual(await hashPath(x), await hashPath(y));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
