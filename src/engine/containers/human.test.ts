import assert from 'node:assert/strict';
import { test } from 'node:test';
import { humanDuration } from '../../util/units.js';
import { commandString, humanStatus } from './human.js';
import { initialState } from './record.js';

test('human durations and statuses as docker ps prints them', () => {
  assert.equal(humanDuration(500), 'Less than a second');
  assert.equal(humanDuration(1000), '1 second');
  assert.equal(humanDuration(45_000), '45 seconds');
  assert.equal(humanDuration(90_000), 'About a minute');
  assert.equal(humanDuration(5 * 60_000), '5 minutes');
  assert.equal(humanDuration(3_600_000), 'About an hour');
  assert.equal(humanDuration(47 * 3_600_000), '47 hours');
  assert.equal(humanDuration(3 * 86_400_000), '3 days');
  assert.equal(humanDuration(3 * 7 * 86_400_000), '3 weeks');
  const now = Date.parse('2024-01-01T00:10:00Z');
  const s = initialState();
  assert.equal(humanStatus(s, false, now), 'Created');
  Object.assign(s, { Running: true, StartedAt: '2024-01-01T00:09:55Z' });
  assert.equal(humanStatus(s, false, now), 'Up 5 seconds');
  s.Paused = true;
  assert.equal(humanStatus(s, false, now), 'Up 5 seconds (Paused)');
  Object.assign(s, { Running: false, Paused: false, ExitCode: 2, FinishedAt: '2024-01-01T00:07:00Z' });
  assert.equal(humanStatus(s, false, now), 'Exited (2) 3 minutes ago');
  assert.equal(humanStatus(s, true, now), 'Removal In Progress');
  assert.equal(commandString('sh', ['-c', 'echo hi']), "sh -c 'echo hi'");
  assert.equal(commandString('top', []), 'top');
});
