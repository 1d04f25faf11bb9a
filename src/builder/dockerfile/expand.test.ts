import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDockerfile } from './dockerfile.js';
import { expandInstruction, runMounts } from './expand.js';
import type { Instruction } from './instructions.js';

const env = new Map([
  ['NAME', 'app'],
  ['DIR', '/srv'],
  ['PORTS', '80 443/tcp'],
  ['U', '1000'],
  ['EMPTY', ''],
]);

function expanded(line: string, escape = '\\'): Instruction {
  const df = parseDockerfile(`${escape === '`' ? '# escape=`\n' : ''}FROM a\n${line}\n`);
  return expandInstruction(df.instructions[1] as Instruction, env, df.escapeToken);
}

test('expanded: ENV, LABEL keys and values; quotes removed', () => {
  const e = expanded('ENV ${NAME}_HOME="$DIR/my app" P=$PATH:/bin');
  assert.deepEqual(e.kind === 'ENV' && e.env, [
    { key: 'app_HOME', value: '/srv/my app', legacy: false },
    { key: 'P', value: ':/bin', legacy: false },
  ]);
  const legacy = expanded('ENV X "a  b"   c');
  assert.deepEqual(legacy.kind === 'ENV' && legacy.env, [{ key: 'X', value: 'a  b   c', legacy: true }]);
  const l = expanded('LABEL "org.$NAME.v"=\'$kept\'');
  assert.deepEqual(l.kind === 'LABEL' && l.labels, [{ key: 'org.app.v', value: '$kept', legacy: false }]);
});

test('expanded: ADD/COPY sources, destination, chown, chmod, checksum; not --from', () => {
  const c = expanded('COPY --from=$NAME --chown=$U:$U --chmod=${MODE:-755} $NAME/*.js "$DIR/x" ${DIR}/');
  assert.deepEqual(c.kind === 'COPY' && [c.sources, c.dest, c.chown, c.chmod, c.from], [['app/*.js', '/srv/x'], '/srv/', '1000:1000', '755', '$NAME']);
  // Sources are split at spaces before expansion: a quoted source with a space is two broken words.
  const a = expanded('ADD --checksum=$NAME https://x/$NAME.tgz /');
  assert.deepEqual(a.kind === 'ADD' && [a.checksum, a.sources], ['app', ['https://x/app.tgz']]);
  assert.throws(() => expanded('COPY "unterminated /x'), /failed to process "\\"unterminated": unexpected end of statement while looking for matching double-quote/);
});

test('expanded: heredoc bodies only when the delimiter is unquoted, quotes literal', () => {
  const c = expanded('COPY <<A <<"B" /d/\nsay "$NAME" \'$DIR\'\nA\nraw $NAME\nB');
  assert.deepEqual(c.kind === 'COPY' && c.contents, [
    { path: 'A', data: 'say "app" \'/srv\'\n', expand: true },
    { path: 'B', data: 'raw $NAME\n', expand: false },
  ]);
});

test('expanded: WORKDIR, USER, VOLUME, STOPSIGNAL, ARG defaults', () => {
  const w = expanded('WORKDIR $DIR/$NAME');
  assert.equal(w.kind === 'WORKDIR' && w.path, '/srv/app');
  const u = expanded('USER ${U}:${G:-$U}');
  assert.equal(u.kind === 'USER' && u.user, '1000:1000');
  const v = expanded('VOLUME ["$DIR/data", "/logs"]');
  assert.deepEqual(v.kind === 'VOLUME' && v.volumes, ['/srv/data', '/logs']);
  const s = expanded('STOPSIGNAL ${SIG:-SIGTERM}');
  assert.equal(s.kind === 'STOPSIGNAL' && s.signal, 'SIGTERM');
  const a = expanded('ARG $NAME V=$DIR/v NOVAL');
  assert.deepEqual(a.kind === 'ARG' && a.args, [{ key: '$NAME' }, { key: 'V', value: '/srv/v' }, { key: 'NOVAL' }]);
});

test('expanded: EXPOSE splits a variable into several ports', () => {
  const e = expanded('EXPOSE $PORTS 8080');
  assert.deepEqual(e.kind === 'EXPOSE' && e.ports, ['80', '443/tcp', '8080']);
});

test('not expanded: RUN, CMD, ENTRYPOINT, SHELL, HEALTHCHECK, MAINTAINER, ONBUILD, FROM', () => {
  for (const line of ['RUN echo $NAME', 'CMD ["echo", "$NAME"]', 'ENTRYPOINT $NAME', 'SHELL ["$NAME"]', 'HEALTHCHECK CMD $NAME', 'MAINTAINER $NAME', 'ONBUILD RUN $NAME']) {
    const df = parseDockerfile(`FROM a\n${line}\n`);
    const instr = df.instructions[1] as Instruction;
    assert.equal(expandInstruction(instr, env), instr, line);
  }
});

test('the Dockerfile escape character applies', () => {
  const w = expanded('WORKDIR C:\\$NAME\\`$DIR', '`');
  assert.equal(w.kind === 'WORKDIR' && w.path, 'C:\\app\\$DIR');
});

test('RUN --mount values are expanded when the mounts are read', () => {
  const df = parseDockerfile('FROM a\nRUN --mount=type=cache,target=$DIR/.cache,id=$NAME make\n');
  const run = df.instructions[1];
  assert.ok(run?.kind === 'RUN');
  const [m] = runMounts(run, env);
  assert.deepEqual([m?.type, m?.target, m?.cacheId], ['cache', '/srv/.cache', 'app']);
});
