import assert from 'node:assert/strict';
import { test } from 'node:test';
import { logSettings, verifyLogConfig } from './log-config.js';

test('create: json-file by default, Docker\'s refusals for drivers, modes and options', () => {
  assert.deepEqual(verifyLogConfig(undefined), { Type: 'json-file', Config: {} });
  assert.deepEqual(verifyLogConfig({ Type: 'none', Config: { anything: 'x' } }), { Type: 'none', Config: { anything: 'x' } });
  assert.throws(() => verifyLogConfig({ Type: 'syslog' }), { message: "logger: no log driver named 'syslog' is registered" });
  assert.throws(() => verifyLogConfig({ Config: { 'max-sise': '1' } }), /unknown log opt 'max-sise' for json-file log driver/);
  assert.throws(() => verifyLogConfig({ Type: 'local', Config: { color: 'red' } }), /unknown log opt 'color' for log driver local/);
  assert.throws(() => verifyLogConfig({ Config: { mode: 'eager' } }), /logger: logging mode not supported: eager/);
  assert.throws(() => verifyLogConfig({ Config: { 'max-buffer-size': '1m' } }), /only supported with 'mode=non-blocking'/);
  assert.doesNotThrow(() => verifyLogConfig({ Config: { mode: 'non-blocking', 'max-buffer-size': '1m', tag: 't' } }));
});

test('start: rotation as each driver reads its options, bad values with the logger\'s message', () => {
  assert.deepEqual(logSettings({ Type: 'json-file' }), { read: true });
  assert.deepEqual(logSettings({ Type: 'json-file', Config: { 'max-size': '10k', 'max-file': '3' } }), { read: true, rotation: { maxSize: 10_000, maxFiles: 3 } });
  assert.deepEqual(logSettings({ Type: 'local' }), { read: true, rotation: { maxSize: 20 * 1024 * 1024, maxFiles: 5 } });
  assert.deepEqual(logSettings({ Type: 'none' }), { read: false });
  const init = 'failed to create task for container: failed to initialize logging driver: ';
  assert.throws(() => logSettings({ Config: { 'max-size': 'lots' } }), { message: `${init}invalid size: 'lots'` });
  assert.throws(() => logSettings({ Config: { 'max-file': 'x' } }), { message: `${init}strconv.Atoi: parsing "x": invalid syntax` });
  assert.throws(() => logSettings({ Config: { 'max-file': '0' } }), { message: `${init}max-file cannot be less than 1` });
  assert.throws(() => logSettings({ Config: { compress: 'true' } }), { message: `${init}compress cannot be true when max-file is less than 2 or max-size is not set` });
  assert.throws(() => logSettings({ Type: 'local', Config: { 'max-file': '1' } }), { message: `${init}compression cannot be enabled when max file count is 1` });
  assert.throws(() => logSettings({ Type: 'local', Config: { 'max-size': 'big' } }), { message: `${init}invalid value for max-size: big: invalid size: 'big'` });
});
