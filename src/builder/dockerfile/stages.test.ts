import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DockerfileError } from './errors.js';
import { parseStages, platformArgs } from './stages.js';

const lines = (...l: string[]) => l.join('\n') + '\n';

const MULTI = lines(
  'ARG GO=1.21',
  'ARG ALPINE',
  'FROM golang:${GO} AS deps', // 0
  'RUN go mod download',
  'FROM deps AS build', // 1
  'RUN --mount=type=cache,target=/c --mount=from=tools,source=/bin/x,target=/x go build',
  'FROM alpine:${ALPINE:-3.19} AS tools', // 2
  'RUN apk add x',
  'FROM scratch AS docs', // 3
  'COPY README /',
  'FROM alpine AS test', // 4
  'COPY --from=build /out /out',
  'COPY --from=nginx:latest /etc/nginx /etc/nginx',
  'FROM scratch', // 5
  'COPY --from=1 /out /app',
  'COPY --from=TOOLS /bin/x /x',
);

test('global ARGs resolve FROM lines; build args override defaults', () => {
  const plan = parseStages(MULTI, { ALPINE: '3.20' });
  assert.deepEqual([...plan.globalArgs], [
    ['GO', '1.21'],
    ['ALPINE', '3.20'],
  ]);
  assert.deepEqual(
    plan.stages.map((s) => [s.index, s.displayName, s.base]),
    [
      [0, 'deps', { kind: 'image', ref: 'golang:1.21' }],
      [1, 'build', { kind: 'stage', index: 0 }],
      [2, 'tools', { kind: 'image', ref: 'alpine:3.20' }],
      [3, 'docs', { kind: 'scratch' }],
      [4, 'test', { kind: 'image', ref: 'alpine' }],
      [5, 'stage-5', { kind: 'scratch' }],
    ],
  );
  assert.deepEqual(parseStages(MULTI).stages[2]?.base, { kind: 'image', ref: 'alpine:3.19' });
  assert.deepEqual(plan.metaArgs.map((a) => a.startLine), [1, 2]);
  assert.equal(plan.stages[1]?.instructions.length, 1);
});

test('dependencies: base stage, COPY --from by name or index, RUN --mount from=, images apart', () => {
  const plan = parseStages(MULTI);
  assert.deepEqual(
    plan.stages.map((s) => [s.dependsOn, s.imageSources]),
    [
      [[], []],
      [[0, 2], []],
      [[], []],
      [[], []],
      [[1], ['nginx:latest']],
      [[1, 2], []],
    ],
  );
});

test('stagesNeeded and parallel build groups for a target', () => {
  const plan = parseStages(MULTI);
  assert.deepEqual(plan.stagesNeeded(), [0, 1, 2, 5]);
  assert.deepEqual(plan.buildGroups(), [[0, 2], [1], [5]]);
  assert.deepEqual(plan.stagesNeeded('Test'), [0, 1, 2, 4]);
  assert.deepEqual(plan.buildGroups('docs'), [[3]]);
  assert.equal(plan.target('BUILD').index, 1);
  assert.throws(() => plan.target('nope'), { message: 'target stage "nope" could not be found' });
});

test('forward references by name are allowed; cycles are not', () => {
  const fwd = parseStages(lines('FROM a AS one', 'COPY --from=two /x /x', 'FROM b AS two'));
  assert.deepEqual(fwd.buildGroups('one'), [[1], [0]]);
  const err = (src: string) => assert.throws(() => parseStages(src), (e) => e instanceof DockerfileError && /circular dependency detected on stage: /.test(e.message));
  err(lines('FROM a AS one', 'COPY --from=two /x /x', 'FROM b AS two', 'COPY --from=one /y /y'));
  err(lines('FROM a', 'COPY --from=0 /x /x'));
  assert.throws(() => parseStages(lines('FROM a AS one', 'COPY --from=one /x /x')), { message: 'circular dependency detected on stage: one' });
});

test('FROM a later stage name means an image of that name', () => {
  const plan = parseStages(lines('FROM later', 'FROM x AS later'));
  assert.deepEqual(plan.stages[0]?.base, { kind: 'image', ref: 'later' });
});

test('errors: Docker\'s messages with the lines at fault', () => {
  const fails = (src: string, message: string, line: number, buildArgs: Record<string, string> = {}) =>
    assert.throws(() => parseStages(src, buildArgs), (e) => e instanceof DockerfileError && e.message === message && e.startLine === line, message);
  fails(lines('ARG IMAGE', 'FROM ${IMAGE}'), 'base name (${IMAGE}) should not be blank', 2);
  fails(lines('FROM --platform=$NOPE a'), 'empty platform value from expression $NOPE', 1);
  fails(lines('FROM ${X:?required}'), 'failed to process "${X:?required}": X: required', 1);
  fails(lines('ARG B="${A:?need A}"', 'FROM b'), 'failed to process "\\"${A:?need A}\\"": A: need A', 1);
  fails(lines('RUN x', 'FROM a'), 'no build stage in current context', 1);
  fails(lines('FROM a AS x', 'FROM b AS X'), 'x stage name already used', 2);
  fails(lines('FROM a', 'FROM b', 'COPY --from=7 /x /x'), 'invalid stage index 7', 3);
  fails(lines('FROM a', 'COPY --from=-1 /x /x'), 'invalid stage index -1', 2);
  fails(
    lines('ARG S=a', 'FROM a', 'COPY --from=$S /x /x'),
    'variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround',
    3,
  );
  assert.throws(() => parseStages(lines('ARG A=1')), { message: 'dockerfile contains no stages to build' });
});

test('build args only reach FROM through a global ARG; undeclared FROM variables are reported', () => {
  const plan = parseStages(lines('ARG TAG', 'FROM app:${TAG}${SUFFIX}', 'FROM app:${TAG:-x}'), { TAG: '1', SUFFIX: '-dev' });
  assert.deepEqual(plan.stages[0]?.base, { kind: 'image', ref: 'app:1' });
  assert.deepEqual(plan.stages[0]?.undefinedArgs, ['SUFFIX']);
  assert.deepEqual(plan.stages[1]?.undefinedArgs, []);
});

test('automatic platform ARGs are visible in FROM and can be overridden', () => {
  const defaultArgs = platformArgs({ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm', variant: 'v7' }, 'build');
  assert.equal(defaultArgs.TARGETPLATFORM, 'linux/arm/v7');
  assert.equal(defaultArgs.BUILDPLATFORM, 'linux/amd64');
  const src = lines('FROM --platform=$BUILDPLATFORM golang AS build', 'FROM img-$TARGETARCH$TARGETVARIANT');
  const plan = parseStages(src, {}, { defaultArgs });
  assert.equal(plan.stages[0]?.platform, 'linux/amd64');
  assert.deepEqual(plan.stages[1]?.base, { kind: 'image', ref: 'img-armv7' });
  assert.deepEqual(parseStages(src, { TARGETARCH: 'riscv64' }, { defaultArgs }).stages[1]?.base, { kind: 'image', ref: 'img-riscv64v7' });
});

test('the escape directive applies to FROM expansion', () => {
  const plan = parseStages(lines('# escape=`', 'ARG V=1', 'FROM img:`$V-$V'));
  assert.deepEqual(plan.stages[0]?.base, { kind: 'image', ref: 'img:$V-1' });
});
