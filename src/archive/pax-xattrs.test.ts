import assert from 'node:assert/strict';
import { test } from 'node:test';
import { paxRecord, parsePaxRecords } from './pax-xattrs.js';

test('PAX records: raw values; a length that does not cover its own prefix ends the parse', () => {
  const body = Buffer.concat([paxRecord('SCHILY.xattr.user.a', Buffer.from([0, 1, 2])), paxRecord('uid', '70000')]);
  assert.deepEqual(parsePaxRecords(body), [
    ['SCHILY.xattr.user.a', Buffer.from([0, 1, 2])],
    ['uid', Buffer.from('70000')],
  ]);
  // `000…02 ` once moved on two bytes at a time and rescanned the zeros: quadratic in the header's size.
  assert.deepEqual(parsePaxRecords(Buffer.from('0'.repeat(1 << 20) + '2 a=b\n')), []);
  assert.deepEqual(parsePaxRecords(Buffer.from('3 a=b\n')), []);
});
