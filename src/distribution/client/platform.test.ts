import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isInvalidArgument, isNotFound } from '../../errdefs/index.js';
import type { Descriptor, Platform } from '../../oci/image.js';
import { chooseManifest, formatPlatform, normalizePlatform, parsePlatform } from './platform.js';

const HOST: Platform = { os: 'linux', architecture: 'amd64' };

test('platform strings are parsed and normalised as containerd does', () => {
  assert.deepEqual(parsePlatform('linux', HOST), { os: 'linux', architecture: 'amd64' });
  assert.deepEqual(parsePlatform('linux/x86_64', HOST), { os: 'linux', architecture: 'amd64' });
  assert.deepEqual(parsePlatform('Linux/aarch64/v8', HOST), { os: 'linux', architecture: 'arm64' });
  assert.deepEqual(parsePlatform('linux/arm', HOST), { os: 'linux', architecture: 'arm', variant: 'v7' });
  assert.deepEqual(parsePlatform('linux/arm/6', HOST), { os: 'linux', architecture: 'arm', variant: 'v6' });
  assert.deepEqual(normalizePlatform({ os: 'linux', architecture: 'armhf' }), { os: 'linux', architecture: 'arm', variant: 'v7' });
  assert.equal(formatPlatform({ os: 'linux', architecture: 'arm', variant: 'v7' }), 'linux/arm/v7');
  assert.throws(() => parsePlatform('linux/arm/v7/x', HOST), isInvalidArgument);
  assert.throws(() => parsePlatform('linux//', HOST), isInvalidArgument);
});

test('index entries: exact match first, then older arm variants; entries without a platform are ignored', () => {
  const entry = (digit: string, platform?: Platform): Descriptor => ({ mediaType: 'm', digest: `sha256:${digit.repeat(64)}`, size: 1, ...(platform ? { platform } : {}) });
  const list = [
    entry('0'),
    entry('1', { os: 'linux', architecture: 'arm', variant: 'v6' }),
    entry('2', { os: 'linux', architecture: 'arm64', variant: 'v8' }),
    entry('3', { os: 'linux', architecture: 'amd64' }),
    entry('4', { os: 'linux', architecture: 'arm', variant: 'v7' }),
  ];
  assert.equal(chooseManifest(list, HOST).digest, list[3]?.digest);
  assert.equal(chooseManifest(list, { os: 'linux', architecture: 'arm64' }).digest, list[2]?.digest);
  assert.equal(chooseManifest(list, { os: 'linux', architecture: 'arm', variant: 'v8' }).digest, list[4]?.digest, 'v8 runs v7 before v6');
  assert.equal(chooseManifest(list.slice(0, 2), { os: 'linux', architecture: 'arm', variant: 'v7' }).digest, list[1]?.digest);
  assert.throws(() => chooseManifest(list, { os: 'windows', architecture: 'amd64' }), (err: unknown) => isNotFound(err) && (err as Error).message === 'no matching manifest for windows/amd64 in the manifest list entries');
});
