import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDockerfile, parseOnbuildTrigger } from './dockerfile.js';
import type { Instruction } from './instructions.js';

/** The instruction on line 2, after a FROM. */
function one(src: string): Instruction {
  const df = parseDockerfile(`FROM a\n${src}\n`);
  return df.instructions[1] as Instruction;
}

/** `src` on line 2 fails with Docker's message for it. */
function fails(src: string, message: string): void {
  assert.throws(() => parseDockerfile(`FROM a\n${src}\n`), { message: `dockerfile parse error on line 2: ${message}`, startLine: 2 }, src);
}

/** Drops the location fields every instruction has, to compare the rest. */
function body(i: Instruction): Record<string, unknown> {
  const { keyword: _k, original: _o, startLine: _s, endLine: _e, ...rest } = i;
  return rest;
}

test('FROM: image, platform, stage name (lower-cased and checked)', () => {
  const df = parseDockerfile('from --platform=$BUILDPLATFORM golang:1.21 As Build\nFROM scratch\n');
  assert.deepEqual(body(df.instructions[0] as Instruction), { kind: 'FROM', image: 'golang:1.21', stageName: 'build', platform: '$BUILDPLATFORM' });
  assert.deepEqual(body(df.instructions[1] as Instruction), { kind: 'FROM', image: 'scratch', stageName: undefined, platform: undefined });
  fails('FROM', 'FROM requires either one or three arguments');
  fails('FROM a b', 'FROM requires either one or three arguments');
  fails('FROM a into b', 'FROM requires either one or three arguments');
  fails('FROM a AS 1st', 'invalid name for build stage: "1st", name can\'t start with a number or contain symbols');
  fails('FROM a AS b$c', 'invalid name for build stage: "b$c", name can\'t start with a number or contain symbols');
  fails('FROM --platfrom=x a', 'unknown flag: --platfrom (did you mean platform?)');
  fails('FROM --platform a', 'missing a value on flag: --platform');
});

test('RUN: shell and exec form, mounts, network, security', () => {
  assert.deepEqual(body(one('RUN --mount=type=cache,target=/c --mount=type=bind,from=build,source=/x,target=/y --network=none --security=insecure make all')), {
    kind: 'RUN',
    command: { args: ['make all'], shellForm: true },
    heredocs: [],
    mounts: [
      { spec: 'type=cache,target=/c', from: undefined },
      { spec: 'type=bind,from=build,source=/x,target=/y', from: 'build' },
    ],
    network: 'none',
    security: 'insecure',
    devices: [],
    flagsUsed: ['mount', 'network', 'security'],
  });
  const exec = one('RUN ["/bin/sh", "-c", "echo $HOME"]');
  assert.deepEqual(exec.kind === 'RUN' && exec.command, { args: ['/bin/sh', '-c', 'echo $HOME'], shellForm: false });
  const plain = one('RUN echo hi');
  assert.equal(plain.kind === 'RUN' && plain.network, 'default');
  assert.equal(plain.kind === 'RUN' && plain.security, 'sandbox');
  fails('RUN --network=bridge x', 'invalid network mode "bridge"');
  fails('RUN --security=root x', 'security "root" is not valid');
  fails('RUN --mount=type=bind,from=$STAGE x', "'from' doesn't support variable expansion, define alias stage instead");
  fails('RUN --mount=a\\"b x', 'failed to parse csv mounts: parse error on line 1, column 2: bare " in non-quoted-field');
  fails('RUN --mnt=x y', 'unknown flag: --mnt (did you mean mount?)');
  fails('RUN --network=none --network=host x', 'duplicate flag specified: --network');
});

test('CMD and ENTRYPOINT: both forms; an empty JSON array resets', () => {
  assert.deepEqual(body(one('CMD ["nginx", "-g", "daemon off;"]')), { kind: 'CMD', command: { args: ['nginx', '-g', 'daemon off;'], shellForm: false } });
  assert.deepEqual(body(one('ENTRYPOINT exec top -b')), { kind: 'ENTRYPOINT', command: { args: ['exec top -b'], shellForm: true } });
  assert.deepEqual(body(one('ENTRYPOINT []')), { kind: 'ENTRYPOINT', command: { args: [], shellForm: false } });
  fails('CMD --x y', 'unknown flag: --x');
});

test('LABEL: several pairs, quoted keys and values, legacy form', () => {
  assert.deepEqual(body(one('LABEL "com.example.vendor"="ACME Inc" version=1.0 description="multi \\\n  line"')), {
    kind: 'LABEL',
    labels: [
      { key: '"com.example.vendor"', value: '"ACME Inc"', legacy: false },
      { key: 'version', value: '1.0', legacy: false },
      { key: 'description', value: '"multi   line"', legacy: false },
    ],
  });
  assert.deepEqual(body(one('LABEL maintainer someone <a@b.c>')), { kind: 'LABEL', labels: [{ key: 'maintainer', value: 'someone <a@b.c>', legacy: true }] });
  fails('LABEL', 'LABEL requires at least one argument');
  fails('LABEL =x', 'LABEL names can not be blank');
});

test('ENV: k=v pairs with quotes and escapes, and the legacy one-pair form', () => {
  assert.deepEqual(body(one('ENV a=1 b="2 3" c=4\\ 5 d=\'$x\'')), {
    kind: 'ENV',
    env: [
      { key: 'a', value: '1', legacy: false },
      { key: 'b', value: '"2 3"', legacy: false },
      { key: 'c', value: '4\\ 5', legacy: false },
      { key: 'd', value: "'$x'", legacy: false },
    ],
  });
  assert.deepEqual(body(one('ENV PATH   /usr/local/bin:$PATH  x')), { kind: 'ENV', env: [{ key: 'PATH', value: '/usr/local/bin:$PATH  x', legacy: true }] });
  assert.deepEqual(body(one('ENV empty=')), { kind: 'ENV', env: [{ key: 'empty', value: '', legacy: false }] });
  fails('ENV', 'ENV requires at least one argument');
  fails('ENV =x', 'ENV names can not be blank');
  fails('ENV --x=1 a=b', 'unknown flag: --x');
  assert.throws(() => parseDockerfile('FROM a\nENV x\n'), { message: 'ENV must have two arguments', startLine: 2 });
  assert.throws(() => parseDockerfile('FROM a\nENV a=1 x\n'), { message: 'Syntax error - can\'t find = in "x". Must be of the form: name=value' });
});

test('MAINTAINER, USER, WORKDIR, STOPSIGNAL: exactly one argument (the rest of the line)', () => {
  assert.deepEqual(body(one('MAINTAINER Jane Doe <jane@example.com>')), { kind: 'MAINTAINER', maintainer: 'Jane Doe <jane@example.com>' });
  assert.deepEqual(body(one('USER app:app')), { kind: 'USER', user: 'app:app' });
  assert.deepEqual(body(one('WORKDIR /my dir')), { kind: 'WORKDIR', path: '/my dir' });
  assert.deepEqual(body(one('STOPSIGNAL SIGQUIT')), { kind: 'STOPSIGNAL', signal: 'SIGQUIT' });
  // Docker never checks STOPSIGNAL's flags.
  assert.deepEqual(body(one('STOPSIGNAL --any 9')), { kind: 'STOPSIGNAL', signal: '9' });
  for (const k of ['MAINTAINER', 'USER', 'WORKDIR', 'STOPSIGNAL']) fails(k, `${k} requires exactly one argument`);
  fails('USER --x=1 root', 'unknown flag: --x');
});

test('EXPOSE: ports kept as written, sorted', () => {
  assert.deepEqual(body(one('EXPOSE 8080/udp 80 $PORT 443/tcp')), { kind: 'EXPOSE', ports: ['$PORT', '443/tcp', '80', '8080/udp'] });
  fails('EXPOSE', 'EXPOSE requires at least one argument');
});

test('ADD and COPY: flags, sources, destination, heredoc sources', () => {
  assert.deepEqual(
    body(one('ADD --chown=1:1 --chmod=644 --link --keep-git-dir=true --checksum=sha256:abc --exclude=*.md --exclude=tmp https://x/y.tar.gz a /dst/')),
    {
      kind: 'ADD',
      sources: ['https://x/y.tar.gz', 'a'],
      contents: [],
      dest: '/dst/',
      chown: '1:1',
      chmod: '644',
      link: true,
      keepGitDir: true,
      checksum: 'sha256:abc',
      unpack: undefined,
      excludes: ['*.md', 'tmp'],
    },
  );
  assert.deepEqual(body(one('COPY --from=build --parents --link=false ["a b", "c", "/d/"]')), {
    kind: 'COPY',
    sources: ['a b', 'c'],
    contents: [],
    dest: '/d/',
    from: 'build',
    chown: '',
    chmod: '',
    link: false,
    parents: true,
    excludes: [],
  });
  const heredoc = one('COPY <<-one "<<two" <<\'three\' src /dst\n\tx $A\none\ny\ntwo\nz\nthree');
  assert.deepEqual(heredoc.kind === 'COPY' && [heredoc.sources, heredoc.contents], [
    ['"<<two"', 'src'],
    [
      { path: 'one', data: 'x $A\n', expand: true },
      { path: 'three', data: 'y\ntwo\nz\n', expand: false },
    ],
  ]);
  assert.equal(heredoc.endLine, 8);
  fails('COPY a', 'COPY requires at least two arguments, but only one was provided. Destination could not be determined');
  fails('ADD a', 'ADD requires at least two arguments, but only one was provided. Destination could not be determined');
  fails('ADD --from=x a b', 'unknown flag: --from');
  fails('COPY --link=maybe a b', 'expecting boolean value for flag --link, not: maybe');
  fails('COPY --link= a b', 'missing a value on flag: --link');
  assert.throws(() => parseDockerfile('FROM a\nCOPY a <<EOF\nx\nEOF\n'), { message: 'dockerfile parse error on line 2: COPY cannot accept a heredoc as a destination' });
});

test('VOLUME: JSON or a list; empty entries refused', () => {
  assert.deepEqual(body(one('VOLUME ["/data", "/logs"]')), { kind: 'VOLUME', volumes: ['/data', '/logs'] });
  assert.deepEqual(body(one('VOLUME /a /b')), { kind: 'VOLUME', volumes: ['/a', '/b'] });
  fails('VOLUME', 'VOLUME requires at least one argument');
  fails('VOLUME [" "]', 'VOLUME specified can not be an empty string');
});

test('ARG: several, with and without defaults', () => {
  assert.deepEqual(body(one('ARG A B=2 C="x y" D=')), {
    kind: 'ARG',
    args: [{ key: 'A' }, { key: 'B', value: '2' }, { key: 'C', value: '"x y"' }, { key: 'D', value: '' }],
  });
  fails('ARG', 'ARG requires at least one argument');
  fails('ARG =1', 'ARG names can not be blank');
});

test('ONBUILD: the trigger is kept as text; ONBUILD ONBUILD, FROM, MAINTAINER refused', () => {
  assert.deepEqual(body(one('ONBUILD   COPY --from=x . /app')), { kind: 'ONBUILD', expression: 'COPY --from=x . /app', trigger: 'COPY' });
  // An unknown trigger is stored: it only fails in the image that builds FROM this one.
  assert.deepEqual(body(one('onbuild RUNN x')), { kind: 'ONBUILD', expression: 'RUNN x', trigger: 'RUNN' });
  const withHeredoc = one('ONBUILD RUN <<EOF\necho hi\nEOF');
  assert.equal(withHeredoc.kind === 'ONBUILD' && withHeredoc.expression, 'RUN <<EOF\necho hi\nEOF');
  fails('ONBUILD', 'ONBUILD requires at least one argument');
  fails('ONBUILD ONBUILD RUN x', 'Chaining ONBUILD via `ONBUILD ONBUILD` isn\'t allowed');
  fails('ONBUILD FROM x', "FROM isn't allowed as an ONBUILD trigger");
  fails('ONBUILD maintainer x', "MAINTAINER isn't allowed as an ONBUILD trigger");
});

test('ONBUILD triggers from a base image parse as one instruction', () => {
  const t = parseOnbuildTrigger('RUN <<EOF\necho hi\nEOF');
  assert.equal(t.kind === 'RUN' && t.heredocs[0]?.content, 'echo hi\n');
  assert.throws(() => parseOnbuildTrigger('RUN a\nRUN b'), { message: 'onbuild trigger should be a single expression' });
  assert.throws(() => parseOnbuildTrigger('FROM x'), { message: "FROM isn't allowed as an ONBUILD trigger" });
  assert.throws(() => parseOnbuildTrigger('RUNN x'), { message: 'unknown instruction: RUNN (did you mean RUN?)' });
});

test('SHELL: JSON only', () => {
  assert.deepEqual(body(one('SHELL ["powershell", "-command"]')), { kind: 'SHELL', shell: ['powershell', '-command'] });
  fails('SHELL powershell -command', 'SHELL requires the arguments to be in JSON form');
  fails('SHELL []', 'SHELL requires at least one argument');
  fails('SHELL', 'SHELL requires at least one argument');
});

test('HEALTHCHECK: NONE, CMD in both forms, Go durations, retries', () => {
  assert.deepEqual(body(one('HEALTHCHECK NONE')), {
    kind: 'HEALTHCHECK',
    health: { test: ['NONE'], interval: 0, timeout: 0, startPeriod: 0, startInterval: 0, retries: 0 },
  });
  assert.deepEqual(body(one('HEALTHCHECK --interval=1m30s --timeout=1.5s --start-period=0 --start-interval=250ms --retries=3 CMD curl -f http://x/ || exit 1')), {
    kind: 'HEALTHCHECK',
    health: { test: ['CMD-SHELL', 'curl -f http://x/ || exit 1'], interval: 90e9, timeout: 1.5e9, startPeriod: 0, startInterval: 250e6, retries: 3 },
  });
  const exec = one('healthcheck cmd ["/bin/check", "--fast"]');
  assert.deepEqual(exec.kind === 'HEALTHCHECK' && exec.health.test, ['CMD', '/bin/check', '--fast']);
  fails('HEALTHCHECK', 'HEALTHCHECK requires at least one argument');
  fails('HEALTHCHECK NONE x', 'HEALTHCHECK NONE takes no arguments');
  fails('HEALTHCHECK CMD', 'Missing command after HEALTHCHECK CMD');
  fails('HEALTHCHECK CMD []', 'Missing command after HEALTHCHECK CMD');
  fails('HEALTHCHECK RUN x', 'Unknown type "RUN" in HEALTHCHECK (try CMD)');
  fails('HEALTHCHECK --interval=10 CMD x', 'time: missing unit in duration "10"');
  fails('HEALTHCHECK --interval=5x CMD x', 'time: unknown unit "x" in duration "5x"');
  fails('HEALTHCHECK --timeout=abc CMD x', 'time: invalid duration "abc"');
  fails('HEALTHCHECK --timeout=10us CMD x', 'Interval "timeout" cannot be less than 1ms');
  fails('HEALTHCHECK --retries=-1 CMD x', '--retries cannot be negative (-1)');
  fails('HEALTHCHECK --retries=x CMD x', 'strconv.ParseInt: parsing "x": invalid syntax');
  fails('HEALTHCHECK --retries=3000000000 CMD x', 'strconv.ParseInt: parsing "3000000000": value out of range');
  fails('HEALTHCHECK --intervl=1s CMD x', 'unknown flag: --intervl (did you mean interval?)');
});

test('instructions keep their original text and lines', () => {
  const df = parseDockerfile('FROM a\n  RUN echo a \\\n   b  \n');
  const run = df.instructions[1] as Instruction;
  assert.equal(run.original, 'RUN echo a    b');
  assert.equal(run.keyword, 'RUN');
  assert.deepEqual([run.startLine, run.endLine], [2, 3]);
});
