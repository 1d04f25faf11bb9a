import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isConflict, isInvalidArgument } from '../../errdefs/index.js';
import { NameRegistry, normalizeName, randomName } from './names.js';

test('names: Docker pattern, leading slash, conflicts, generated names', () => {
  assert.equal(normalizeName('web-1.a_b'), '/web-1.a_b');
  assert.equal(normalizeName('/web'), '/web');
  assert.throws(() => normalizeName('-bad'), (err: unknown) => isInvalidArgument(err) && (err as Error).message === 'Invalid container name (-bad), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed');
  assert.throws(() => normalizeName('a'), isInvalidArgument);
  const names = new NameRegistry();
  names.reserve('/web', 'id1');
  names.reserve('/web', 'id1');
  assert.throws(() => names.reserve('/web', 'id2'), (err: unknown) => isConflict(err) && /"\/web" is already in use by container "id1"/.test((err as Error).message));
  assert.equal(names.lookup('web'), 'id1');
  names.release('/web');
  assert.equal(names.lookup('/web'), undefined);
  assert.match(randomName(0), /^[a-z]+_[a-z]+$/);
  assert.match(randomName(1), /^[a-z]+_[a-z]+\d$/);
  assert.match(names.reserveGenerated('id3'), /^\/[a-z]+_[a-z]+$/);
});
