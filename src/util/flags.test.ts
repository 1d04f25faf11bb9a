import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FlagError, flagUsages, parseFlags, type FlagDef } from './flags.js';

const DEFS: FlagDef[] = [
  { name: 'interactive', short: 'i', type: 'bool', description: 'stdin' },
  { name: 'tty', short: 't', type: 'bool', description: 'tty' },
  { name: 'detach', short: 'd', type: 'bool', description: 'detach' },
  { name: 'env', short: 'e', type: 'list', description: 'env' },
  { name: 'name', type: 'string', description: 'name' },
  { name: 'stop-timeout', type: 'int', description: 'timeout' },
  { name: 'network', type: 'string', aliases: ['net'], description: 'network' },
  { name: 'sig-proxy', type: 'bool', default: true, description: 'proxy' },
  { name: 'restart', type: 'string', default: 'no', description: 'restart' },
];

test('short clusters, long forms with = and with a separate value', () => {
  const { flags, args } = parseFlags(['-it', '--name=web', '--stop-timeout', '5', 'busybox'], DEFS);
  assert.equal(flags.bool('interactive'), true);
  assert.equal(flags.bool('tty'), true);
  assert.equal(flags.bool('detach'), false);
  assert.equal(flags.string('name'), 'web');
  assert.equal(flags.int('stop-timeout'), 5);
  assert.deepEqual(args, ['busybox']);
});

test('a value attached to a short flag, in a cluster, or after =', () => {
  const { flags } = parseFlags(['-eA=1', '-itdeB=2', '-e=C', '-e', 'D'], DEFS);
  assert.deepEqual(flags.list('env'), ['A=1', 'B=2', 'C', 'D']);
  assert.equal(flags.bool('detach'), true);
});

test('repeatable list flags keep order; values may start with a dash', () => {
  const { flags } = parseFlags(['-e', 'X=1', '--env', 'Y=2', '--env=Z', '--name', '-weird', '--stop-timeout', '-1'], DEFS);
  assert.deepEqual(flags.list('env'), ['X=1', 'Y=2', 'Z']);
  assert.equal(flags.string('name'), '-weird');
  assert.equal(flags.int('stop-timeout'), -1);
});

test('defaults, changed, bool=false and aliases', () => {
  const { flags } = parseFlags(['--sig-proxy=false', '--net', 'host'], DEFS);
  assert.equal(flags.bool('sig-proxy'), false);
  assert.equal(flags.string('restart'), 'no');
  assert.equal(flags.changed('restart'), false);
  assert.equal(flags.changed('sig-proxy'), true);
  assert.equal(flags.string('network'), 'host');
  assert.equal(parseFlags([], DEFS).flags.bool('sig-proxy'), true);
});

test('stop at the first positional: the command keeps its own flags', () => {
  const { flags, args } = parseFlags(['-d', 'busybox', 'sh', '-c', 'ls -l', '--name', 'x'], DEFS, { interspersed: false });
  assert.equal(flags.bool('detach'), true);
  assert.equal(flags.changed('name'), false);
  assert.deepEqual(args, ['busybox', 'sh', '-c', 'ls -l', '--name', 'x']);
});

test('interspersed flags after arguments, `--` ends flags, `-` is an argument', () => {
  const { flags, args } = parseFlags(['web', '-d', '-', '--', '-e', 'x'], DEFS);
  assert.equal(flags.bool('detach'), true);
  assert.deepEqual(args, ['web', '-', '-e', 'x']);
});

test('pflag error messages', () => {
  assert.throws(() => parseFlags(['--bogus'], DEFS), (e: unknown) => e instanceof FlagError && e.message === 'unknown flag: --bogus');
  assert.throws(() => parseFlags(['-ix'], DEFS), { message: "unknown shorthand flag: 'x' in -x" });
  assert.throws(() => parseFlags(['--name'], DEFS), { message: 'flag needs an argument: --name' });
  assert.throws(() => parseFlags(['-e'], DEFS), { message: "flag needs an argument: 'e' in -e" });
  assert.throws(() => parseFlags(['--stop-timeout', 'soon'], DEFS), {
    message: 'invalid argument "soon" for "--stop-timeout" flag: strconv.ParseInt: parsing "soon": invalid syntax',
  });
  assert.throws(() => parseFlags(['--detach=maybe'], DEFS), /invalid argument "maybe" for "-d, --detach" flag: strconv.ParseBool/);
});

test('--help and -h ask for help unless -h is taken', () => {
  assert.equal(parseFlags(['--help'], DEFS).help, true);
  assert.equal(parseFlags(['-h'], DEFS).help, true);
  const withHostname: FlagDef[] = [...DEFS, { name: 'hostname', short: 'h', type: 'string', description: 'host' }];
  const r = parseFlags(['-h', 'box'], withHostname);
  assert.equal(r.help, false);
  assert.equal(r.flags.string('hostname'), 'box');
});

test('usage lists visible flags sorted, with types and defaults', () => {
  const text = flagUsages(DEFS);
  const lines = text.split('\n');
  assert.match(lines[0]!, /^ {2}-d, --detach {2,}detach$/);
  assert.ok(text.includes('      --restart string'));
  assert.ok(text.includes('restart (default "no")'));
  assert.ok(text.includes('proxy (default true)'));
  assert.ok(lines.findIndex((l) => l.includes('--env')) < lines.findIndex((l) => l.includes('--name')));
});
