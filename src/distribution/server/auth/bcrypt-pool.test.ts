import { test } from 'node:test';
import assert from 'node:assert/strict';
import bcrypt from 'bcryptjs';
import { RegistryError } from '../errors.js';
import { BcryptPool } from './bcrypt-pool.js';

const HASH = bcrypt.hashSync('pw', 4);

test('compares on a worker; a flooding client does not push another client to the back of its queue', async () => {
  const pool = new BcryptPool(1);
  try {
    const order: string[] = [];
    const track = (label: string, p: Promise<boolean>): Promise<boolean> => p.then((ok) => (order.push(label), ok));
    const flood = Array.from({ length: 6 }, (_, i) => track(`flood${i}`, pool.compare('wrong', HASH, 'flooder')));
    const valid = track('valid', pool.compare('pw', HASH, 'someone-else'));
    assert.deepEqual(await Promise.all(flood), Array(6).fill(false));
    assert.equal(await valid, true);
    // flood0 was running, flood1 next in the round, then the other client's turn.
    assert.ok(order.indexOf('valid') <= 2, order.join(' '));
    assert.equal(await pool.compare('pw', 'not a bcrypt hash', 'x'), false);
  } finally {
    await pool.close();
  }
});

test('a full queue answers 429 rather than growing', async () => {
  const pool = new BcryptPool(1, 2);
  try {
    const waiting = [pool.compare('a', HASH, 'c'), pool.compare('b', HASH, 'c'), pool.compare('c', HASH, 'c')];
    const over = await pool.compare('d', HASH, 'c').then(() => undefined, (err: unknown) => err);
    assert.ok(over instanceof RegistryError, String(over));
    assert.equal(over.status, 429);
    await Promise.all(waiting);
  } finally {
    await pool.close();
  }
});
