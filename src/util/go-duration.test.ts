import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, parseDuration } from './go-duration.js';

test('Go durations parse to nanoseconds', () => {
  assert.equal(parseDuration('1m30s'), 90e9);
  assert.equal(parseDuration('1.5s'), 1.5e9);
  assert.equal(parseDuration('250ms'), 250e6);
  assert.equal(parseDuration('10us'), 10e3);
  assert.equal(parseDuration('0'), 0);
  assert.equal(parseDuration('-2h'), -7200e9);
  for (const bad of ['10', 'soon', '', '1x', 's']) assert.equal(parseDuration(bad), undefined, bad);
});

test('Durations print as Go prints them', () => {
  assert.equal(formatDuration(0), '0s');
  assert.equal(formatDuration(90e9), '1m30s');
  assert.equal(formatDuration(3600e9), '1h0m0s');
  assert.equal(formatDuration(1.5e9), '1.5s');
  assert.equal(formatDuration(500e6), '500ms');
  assert.equal(formatDuration(1500e3), '1.5ms');
  assert.equal(formatDuration(42), '42ns');
});
