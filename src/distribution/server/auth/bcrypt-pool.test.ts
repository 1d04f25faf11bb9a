import { test } from 'node:test';
import assert from 'node:assert/strict';
import bcrypt from 'bcryptjs';
import { RegistryError } from '../errors.js';
import { BcryptPool } from './bcrypt-pool.js';

const HASH = bcrypt.hashSync('pw', 4);

test('compares on a worker; a flood waits its turn behind other addresses and other users of its address', async () => {
  const pool = new BcryptPool(1);
  try {
    const order: string[] = [];
    const track = (label: string, p: Promise<boolean>): Promise<boolean> => p.then((ok) => (order.push(label), ok));
    const flood = Array.from({ length: 6 }, (_, i) => track(`flood${i}`, pool.compare('wrong', HASH, 'flooder', 'mallory')));
    const neighbour = track('neighbour', pool.compare('pw', HASH, 'flooder', 'bob'));
    const other = track('other', pool.compare('pw', HASH, 'elsewhere', 'alice'));
    assert.deepEqual(await Promise.all(flood), Array(6).fill(false));
    assert.deepEqual([await neighbour, await other], [true, true]);
    // flood0 was running; the flooding address's turn went to flood1, then elsewhere's, then bob's.
    assert.deepEqual(order.slice(0, 4), ['flood0', 'flood1', 'other', 'neighbour']);
    assert.equal(await pool.compare('pw', 'not a bcrypt hash', 'x', 'y'), false);
  } finally {
    await pool.close();
  }
});

test('a full queue answers 429 rather than growing', async () => {
  const pool = new BcryptPool(1, 2);
  try {
    const waiting = [pool.compare('a', HASH, 'c', 'u'), pool.compare('b', HASH, 'c', 'u'), pool.compare('c', HASH, 'c', 'v')];
    const over = await pool.compare('d', HASH, 'c', 'w').then(() => undefined, (err: unknown) => err);
    assert.ok(over instanceof RegistryError, String(over));
    assert.equal(over.status, 429);
    await Promise.all(waiting);
  } finally {
    await pool.close();
  }
});
