import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anonymousVolume, parseMounts } from './mounts.js';

test('-v: binds, named volumes with modes, and what Docker refuses', () => {
  const [bind, named, ro] = parseMounts({ Binds: ['/host/src:/src', 'data:/data', 'cache:/cache:ro,nocopy'] });
  assert.deepEqual(bind?.point, { Type: 'bind', Source: '/host/src', Destination: '/src', Mode: '', RW: true, Propagation: 'rprivate' });
  assert.equal(bind?.createSource, true);
  assert.deepEqual(named?.volume, { name: 'data', nocopy: false });
  assert.equal(named?.point.Mode, 'z');
  assert.deepEqual(ro?.volume, { name: 'cache', nocopy: true });
  assert.equal(ro?.spec.readonly, true);
  const refused: Array<[string, RegExp]> = [
    ['/x:/', /destination can't be '\/'/],
    ['/x:/proc', /"\/proc" cannot be mounted because it is not of type proc/],
    ['/x:/proc/self', /"\/proc\/self" cannot be mounted because it is inside \/proc/],
    ['/x:rel', /invalid mount path: 'rel' mount path must be absolute/],
    [':/x', /empty section between colons/],
    ['/x:/y:bogus', /invalid mode: bogus/],
    ['/a:/b:/c:/d', /invalid volume specification/],
  ];
  for (const [spec, re] of refused) assert.throws(() => parseMounts({ Binds: [spec] }), re, spec);
  assert.equal(parseMounts({ Binds: ['/x:/proc/meminfo'] }).length, 1);
});

test('--mount: types, options and their mix-ups', () => {
  const [tmpfs, vol] = parseMounts({
    Mounts: [
      { Type: 'tmpfs', Target: '/t', TmpfsOptions: { SizeBytes: 2 * 1024 * 1024, Mode: 0o1770 } },
      { Type: 'volume', Source: '', Target: '/v', VolumeOptions: { NoCopy: true, Labels: { a: 'b' } } },
    ],
  });
  assert.deepEqual(tmpfs?.spec.options, ['size=2048k', 'mode=1770']);
  assert.deepEqual(vol?.volume, { name: '', nocopy: true, labels: { a: 'b' }, options: undefined, driver: undefined });
  assert.throws(() => parseMounts({ Mounts: [{ Type: 'bind', Source: '/x', Target: '/y', VolumeOptions: {} }] }), /field VolumeOptions must not be specified/);
  assert.throws(() => parseMounts({ Mounts: [{ Type: 'bind', Target: '/y' }] }), /field Source must not be empty/);
  assert.throws(() => parseMounts({ Mounts: [{ Type: 'bind', Source: '/x', Target: '/y', BindOptions: { Propagation: 'sideways' } }] }), /invalid propagation mode: sideways/);
  assert.throws(() => parseMounts({ Mounts: [{ Type: 'tmpfs', Target: '/' }] }), /destination can't be '\/'/);
  assert.throws(() => parseMounts({ Binds: ['/a:/x'], Tmpfs: { '/x': '' } }), /Duplicate mount point: \/x/);
  assert.throws(() => anonymousVolume('relative'), /mount path must be absolute/);
});
