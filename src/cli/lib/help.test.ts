import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GROUPS, TOP_LEVEL } from '../commands/index.js';
import { groupHelp, mainHelp } from './help.js';

/** Every row of a command table is `  name   summary`: a summary never spills onto a line of its own. */
function tableRows(help: string, heading: string): string[] {
  const section = help.split(`\n${heading}\n`)[1] ?? '';
  return section.split('\n\n')[0]?.split('\n') ?? [];
}

test('the main help lists every command on one line, login and logout included', async () => {
  const help = await mainHelp('wharf', [], GROUPS, TOP_LEVEL);
  const rows = tableRows(help, 'Commands:');
  assert.ok(rows.length === TOP_LEVEL.length, `${rows.length} rows for ${TOP_LEVEL.length} commands`);
  for (const row of rows) assert.match(row, /^ {2}[a-z]\S* +\S/);
  assert.ok(rows.some((r) => /^ {2}login +Log in to a registry\.$/.test(r)));
});

test('each group help lists its commands on one line each', async () => {
  for (const group of GROUPS) {
    const rows = tableRows(await groupHelp('wharf', group), 'Commands:');
    assert.equal(rows.length, group.entries.length, group.name);
    for (const row of rows) assert.match(row, /^ {2}[a-z]\S* +\S/, group.name);
  }
});
