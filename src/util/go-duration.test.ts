import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDuration, parseGoDuration } from './go-duration.js';

test('Go durations in nanoseconds', () => {
  const cases: Array<[string, number]> = [
    ['0', 0],
    ['5s', 5e9],
    ['30s', 30e9],
    ['1478s', 1478e9],
    ['-5s', -5e9],
    ['+5s', 5e9],
    ['-0', 0],
    ['5.0s', 5e9],
    ['5.6s', 5.6e9],
    ['5.s', 5e9],
    ['.5s', 0.5e9],
    ['1.004s', 1.004e9],
    ['100.00100s', 100.001e9],
    ['10ns', 10],
    ['11us', 11e3],
    ['12µs', 12e3],
    ['12μs', 12e3],
    ['13ms', 13e6],
    ['14s', 14e9],
    ['15m', 15 * 60e9],
    ['16h', 16 * 3600e9],
    ['3h30m', 3.5 * 3600e9],
    ['10.5s4m', 4 * 60e9 + 10.5e9],
    ['-2m3.4s', -(2 * 60e9 + 3.4e9)],
    ['1h2m3s4ms5us6ns', 3600e9 + 2 * 60e9 + 3e9 + 4e6 + 5e3 + 6],
    ['39h9m14.425s', 39 * 3600e9 + 9 * 60e9 + 14.425e9],
    ['52763797000ns', 52763797000],
    ['0.3333333333333333333h', 20 * 60e9],
    ['9007199254740993ns', 9007199254740993],
  ];
  for (const [s, ns] of cases) assert.equal(parseGoDuration(s), ns, s);
});

test('Go\'s errors', () => {
  const cases: Array<[string, string]> = [
    ['', 'time: invalid duration ""'],
    ['3', 'time: missing unit in duration "3"'],
    ['-', 'time: invalid duration "-"'],
    ['s', 'time: invalid duration "s"'],
    ['.', 'time: invalid duration "."'],
    ['-.', 'time: invalid duration "-."'],
    ['.s', 'time: invalid duration ".s"'],
    ['+.s', 'time: invalid duration "+.s"'],
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['\u00ffs', 'time: invalid duration "\\xc3\\xbfs"'],
    ['9223372036854775808ns', 'time: invalid duration "9223372036854775808ns"'],
    ['9223372036854775.808us', 'time: invalid duration "9223372036854775.808us"'],
  ];
  for (const [s, message] of cases) assert.throws(() => parseGoDuration(s), { message }, s);
  assert.equal(parseGoDuration('-9223372036854775808ns'), -9223372036854775808);
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
