import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvFields, mountFrom, parseRunMount } from './run-mount.js';

const id = (w: string) => w;

test('csv fields as Go encoding/csv reads one record', () => {
  assert.deepEqual(csvFields('type=bind,source=/a'), ['type=bind', 'source=/a']);
  assert.deepEqual(csvFields('"target=/a,b",ro'), ['target=/a,b', 'ro']);
  assert.deepEqual(csvFields('"say ""hi""",x'), ['say "hi"', 'x']);
  assert.deepEqual(csvFields('a,,b,'), ['a', '', 'b', '']);
  assert.deepEqual(csvFields('"a",'), ['a', '']);
  assert.throws(() => csvFields(''), { message: 'failed to parse csv mounts: EOF' });
  assert.throws(() => csvFields('a,b"c'), { message: 'failed to parse csv mounts: parse error on line 1, column 4: bare " in non-quoted-field' });
  assert.throws(() => csvFields('"abc'), { message: 'failed to parse csv mounts: parse error on line 1, column 2: extraneous or missing " in quoted-field' });
  assert.throws(() => csvFields('"ab"c'), { message: 'failed to parse csv mounts: parse error on line 1, column 4: extraneous or missing " in quoted-field' });
});

test('from= is read before expansion and may not use variables', () => {
  assert.equal(mountFrom('type=bind,FROM=build,target=/x'), 'build');
  assert.equal(mountFrom('type=cache,target=/x'), undefined);
  assert.equal(mountFrom('from=a$'), 'a$');
  assert.throws(() => mountFrom('from=${X}'), { message: "'from' doesn't support variable expansion, define alias stage instead" });
});

test('defaults per type: bind and secret read-only, cache and tmpfs writable', () => {
  assert.deepEqual(parseRunMount('target=/x', id), { type: 'bind', from: '', source: '', target: '/x', readOnly: true, sizeLimit: 0, cacheId: '', required: false });
  assert.equal(parseRunMount('type=cache,target=/x', id).readOnly, false);
  assert.equal(parseRunMount('type=tmpfs,target=/x', id).readOnly, false);
  assert.equal(parseRunMount('type=bind,target=/x,rw', id).readOnly, false);
  assert.equal(parseRunMount('type=cache,target=/x,ro=true', id).readOnly, true);
  assert.equal(parseRunMount('type=cache,target=/x,readwrite=false', id).readOnly, true);
});

test('every key, with values expanded', () => {
  const env: Record<string, string> = { T: 'cache', DIR: '/root/.cache' };
  const expand = (w: string) => w.replace(/\$(\w+)/g, (_, k: string) => env[k] ?? '');
  assert.deepEqual(parseRunMount('type=$T,target=$DIR,id=gomod,sharing=LOCKED,mode=0755,uid=1000,gid=1000', expand), {
    type: 'cache',
    from: '',
    source: '',
    target: '/root/.cache',
    readOnly: false,
    sizeLimit: 0,
    cacheId: 'gomod',
    cacheSharing: 'locked',
    required: false,
    mode: 0o755,
    uid: 1000,
    gid: 1000,
  });
  assert.equal(parseRunMount('type=tmpfs,dst=/t,size=64m', id).sizeLimit, 64 * 1024 * 1024);
  assert.equal(parseRunMount('type=tmpfs,dst=/t,size=1.5GiB', id).sizeLimit, 1.5 * 1024 ** 3);
  const secret = parseRunMount('type=secret,id=npmrc,target=/root/.npmrc,required,env=TOKEN', id);
  assert.deepEqual([secret.required, secret.env, secret.readOnly], [true, 'TOKEN', true]);
  assert.equal(parseRunMount('type=ssh,required=false', id).required, false);
  assert.equal(parseRunMount('type=bind,from=build,src=/out,destination=/in', id).source, '/out');
});

test('Docker\'s messages for bad mounts', () => {
  const bad: Array<[string, string]> = [
    ['type=cahce,target=/x', 'unsupported mount type "cahce" (did you mean cache?)'],
    ['type=cache,sharing=shred', 'unsupported sharing value "shred" (did you mean shared?)'],
    ['target=/x,nonsense', "invalid field 'nonsense' must be a key=value pair"],
    ['target=/x,required', "unexpected key 'required' for mount type 'bind'"],
    ['target=/x,size=1m', "unexpected key 'size' for mount type 'bind'"],
    ['type=tmpfs,size=lots', 'invalid value for size: lots'],
    ['target=/x,ro=maybe', 'invalid value for ro: maybe'],
    ['type=cache,mode=999', 'invalid value 999 for mode'],
    ['type=cache,uid=-1', 'invalid value -1 for uid'],
    ['target=/x,mode=0644', 'mode not allowed for "bind" type mounts'],
    ['type=tmpfs,target=/x,gid=1', 'gid not allowed for "tmpfs" type mounts'],
    ['type=secret,from=x,id=a', 'secret mount should not have a from'],
    ['type=secret,id=a,sharing=shared', 'secret mount should not define sharing'],
    ['type=secret', 'invalid secret mount. one of source, target required'],
    ['type=secret,source=a,id=b', "both source and id can't be set"],
    ['type=bind,target=/x,sharing=locked', 'invalid cache sharing set for bind mount'],
    ['target=/x,tagret=/y', "unexpected key 'tagret' in 'tagret=/y' (did you mean target?)"],
  ];
  for (const [spec, message] of bad) assert.throws(() => parseRunMount(spec, id), { message }, spec);
});
