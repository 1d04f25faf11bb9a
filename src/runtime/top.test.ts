import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parsePsOutput } from './top.js';

const PS = `UID          PID    PPID  C STIME TTY          TIME CMD
root           1       0  0 10:00 ?        00:00:01 /sbin/init
root        4242    4200  0 10:01 ?        00:00:00 sleep 100
root        4243    4242  0 10:01 ?        00:00:00 sh -c echo a  b
`;

describe('parsePsOutput', () => {
  it('keeps the container rows and the full command', () => {
    assert.deepEqual(parsePsOutput(PS, [4242, 4243]), {
      Titles: ['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD'],
      Processes: [
        ['root', '4242', '4200', '0', '10:01', '?', '00:00:00', 'sleep 100'],
        ['root', '4243', '4242', '0', '10:01', '?', '00:00:00', 'sh -c echo a b'],
      ],
    });
  });

  it('needs a PID column', () => {
    assert.throws(() => parsePsOutput('USER COMMAND\nroot init\n', [1]), /Couldn't find PID field in ps output/);
  });
});
