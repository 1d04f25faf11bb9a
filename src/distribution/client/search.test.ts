import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitSearchTerm } from './search.js';

test('a search term names its registry only when its first part looks like a host', () => {
  assert.deepEqual(splitSearchTerm('busybox'), { domain: 'docker.io', query: 'busybox' });
  assert.deepEqual(splitSearchTerm('team/app'), { domain: 'docker.io', query: 'team/app' });
  assert.deepEqual(splitSearchTerm('localhost/app'), { domain: 'localhost', query: 'app' });
  assert.deepEqual(splitSearchTerm('127.0.0.1:5000/team/app'), { domain: '127.0.0.1:5000', query: 'team/app' });
  assert.deepEqual(splitSearchTerm('registry.example.com/app'), { domain: 'registry.example.com', query: 'app' });
});
