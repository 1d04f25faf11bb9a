import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contextName } from './build.js';

test("an image's build directory is its last path component without tag or digest, as podman looks for it", () => {
  assert.equal(contextName('foobar'), 'foobar');
  assert.equal(contextName('localhost/team/foobar:v1'), 'foobar');
  assert.equal(contextName('registry.local:5000/foobar@sha256:' + 'a'.repeat(64)), 'foobar');
  assert.equal(contextName('registry.local:5000/foobar:v2'), 'foobar');
});
