import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initialState, statusOf, type PersistedState } from './record.js';
import {
  resetRemovalInProgress,
  setAdopted,
  setError,
  setHealth,
  setHealthStarting,
  setHealthStopped,
  setPaused,
  setRemovalInProgress,
  setRestartCancelled,
  setRestarting,
  setRunning,
  setStopped,
  setUnpaused,
} from './state.js';

const startedAt = BigInt(Date.parse('2024-01-01T00:00:00Z')) * 1_000_000n + 123_456_789n;
const exit = { exitCode: 137, exitedAt: new Date('2024-01-01T00:01:00.000Z'), exitedAtNs: BigInt(Date.parse('2024-01-01T00:01:00Z')) * 1_000_000n + 5n, oomKilled: true };

function running(): PersistedState {
  const s = initialState();
  setRunning(s, 42, startedAt);
  return s;
}

test('setRunning clears what the previous run left', () => {
  const s = initialState();
  setError(s, 'exec failed', 127);
  Object.assign(s, { OOMKilled: true, Dead: true });
  setRunning(s, 42, startedAt);
  assert.deepEqual({ ...s }, {
    ...initialState(),
    Running: true,
    Pid: 42,
    StartedAt: '2024-01-01T00:00:00.123456789Z',
  });
  assert.equal(statusOf(s, false), 'running');
});

test('setStopped records the exit and leaves nothing running, paused or restarting', () => {
  const s = running();
  setPaused(s);
  setStopped(s, exit);
  assert.deepEqual(
    { Running: s.Running, Paused: s.Paused, Restarting: s.Restarting, Pid: s.Pid, ExitCode: s.ExitCode, OOMKilled: s.OOMKilled, FinishedAt: s.FinishedAt, StartedAt: s.StartedAt },
    { Running: false, Paused: false, Restarting: false, Pid: 0, ExitCode: 137, OOMKilled: true, FinishedAt: '2024-01-01T00:01:00.000000005Z', StartedAt: '2024-01-01T00:00:00.123456789Z' },
  );
  assert.equal(statusOf(s, false), 'exited');
});

test('setRestarting records the exit but shows the container running and restarting, without a pid', () => {
  const s = running();
  setRestarting(s, exit);
  assert.equal(s.Running, true);
  assert.equal(s.Restarting, true);
  assert.equal(s.Pid, 0);
  assert.equal(s.ExitCode, 137);
  assert.equal(statusOf(s, false), 'restarting');
  setRestartCancelled(s);
  assert.equal(s.Running, false);
  assert.equal(s.Restarting, false);
  assert.equal(s.ExitCode, 137, 'the last exit stays');
  assert.equal(statusOf(s, false), 'exited');
});

test('setError: a failed start is not running and shows the error and exit code', () => {
  const s = initialState();
  setError(s, 'executable file not found in $PATH', 127);
  assert.equal(s.Running, false);
  assert.equal(s.Error, 'executable file not found in $PATH');
  assert.equal(s.ExitCode, 127);
  assert.equal(statusOf(s, false), 'created', 'never started');
});

test('pause and unpause; an adopted run takes the runtime pid and pause', () => {
  const s = running();
  setPaused(s);
  assert.equal(statusOf(s, false), 'paused');
  setUnpaused(s);
  assert.equal(statusOf(s, false), 'running');
  setAdopted(s, 99, true);
  assert.equal(s.Pid, 99);
  assert.equal(statusOf(s, false), 'paused');
});

test('removal in progress is set once and can be reset after a failed removal', () => {
  const c = { removing: false };
  assert.equal(setRemovalInProgress(c), true);
  assert.equal(setRemovalInProgress(c), false, 'a second removal is refused');
  assert.equal(statusOf(initialState(), c.removing), 'removing');
  resetRemovalInProgress(c);
  assert.equal(c.removing, false);
});

test('health: starting at each run, kept by an adopted run, unhealthy when the run ends', () => {
  const s = running();
  setHealthStopped(s);
  assert.ok(!('Health' in s), 'no health check, no health');
  setHealthStarting(s);
  assert.deepEqual(s.Health, { Status: 'starting', FailingStreak: 0, Log: [] });
  const entry = { Start: 'a', End: 'b', ExitCode: 0, Output: 'ok' };
  setHealth(s, { Status: 'healthy', FailingStreak: 0, Log: [entry] });
  setHealthStarting(s, { adopted: true });
  assert.equal(s.Health?.Status, 'healthy', 'a daemon restart keeps the status');
  setHealthStopped(s);
  assert.deepEqual(s.Health, { Status: 'unhealthy', FailingStreak: 0, Log: [entry] });
  setHealthStarting(s);
  assert.deepEqual(s.Health, { Status: 'starting', FailingStreak: 0, Log: [entry] }, 'a new run starts over but keeps the log');
});
