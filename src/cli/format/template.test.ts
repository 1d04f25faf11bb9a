import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Template } from './exec.js';
import { TemplateStruct } from './value.js';

const run = (src: string, data: unknown): string => Template.parse(src).execute(data);

const inspect = {
  Id: 'abc',
  Name: '/web',
  State: { Status: 'running', Running: true, ExitCode: 0, Pid: 42 },
  Config: { Cmd: ['sh', '-c', 'echo hi'], Env: ['A=1', 'B=2'], Labels: { 'com.x': 'y', a: 'b' }, Entrypoint: null },
  Mounts: [],
};

test('fields, nested fields and missing keys', () => {
  assert.equal(run('{{.Id}} {{.State.Status}} {{.State.Pid}}', inspect), 'abc running 42');
  assert.equal(run('{{.Nope}}', inspect), '<no value>');
  assert.equal(run('{{.Config.Entrypoint}}', inspect), '<nil>');
  assert.throws(() => run('{{.Nope.Deeper}}', inspect), /nil pointer evaluating interface \{\}\.Deeper/);
});

test('Go %v printing of slices, maps, bools', () => {
  assert.equal(run('{{.Config.Cmd}}', inspect), '[sh -c echo hi]');
  assert.equal(run('{{.Config.Labels}}', inspect), 'map[a:b com.x:y]');
  assert.equal(run('{{.State.Running}} {{.Mounts}}', inspect), 'true []');
});

test('json', () => {
  assert.equal(run('{{json .Config.Labels}}', inspect), '{"com.x":"y","a":"b"}');
  assert.equal(run('{{json .Nope}}', inspect), 'null');
  assert.equal(run('{{json .State}}', inspect), JSON.stringify(inspect.State));
  assert.equal(run('{{json "<&>"}}', {}), '"<&>"');
});

test('index, len, range over slices and maps, variables', () => {
  assert.equal(run('{{index .Config.Labels "com.x"}}', inspect), 'y');
  assert.equal(run('{{index .Config.Cmd 1}}', inspect), '-c');
  assert.equal(run('{{len .Config.Env}}', inspect), '2');
  assert.equal(run('{{range .Config.Env}}[{{.}}]{{end}}', inspect), '[A=1][B=2]');
  assert.equal(run('{{range $k, $v := .Config.Labels}}{{$k}}={{$v}};{{end}}', inspect), 'a=b;com.x=y;');
  assert.equal(run('{{range $i, $e := .Config.Cmd}}{{$i}}:{{$e}} {{end}}', inspect), '0:sh 1:-c 2:echo hi ');
  assert.equal(run('{{range .Mounts}}x{{else}}none{{end}}', inspect), 'none');
  assert.equal(run('{{$n := .Name}}{{range .Config.Env}}{{$n}}{{end}}', inspect), '/web/web');
  assert.equal(run('{{range .Config.Env}}{{$.Id}}{{end}}', inspect), 'abcabc');
  assert.equal(run('{{range .Config.Cmd}}{{if eq . "-c"}}{{break}}{{end}}{{.}}{{end}}', inspect), 'sh');
  assert.equal(run('{{range .Config.Cmd}}{{if eq . "-c"}}{{continue}}{{end}}{{.}}{{end}}', inspect), 'shecho hi');
});

test('if / else if / else / with and comparisons', () => {
  const t = '{{if eq .State.Status "exited"}}E{{else if .State.Running}}R{{else}}?{{end}}';
  assert.equal(run(t, inspect), 'R');
  assert.equal(run(t, { State: { Status: 'exited' } }), 'E');
  assert.equal(run(t, { State: { Status: 'created', Running: false } }), '?');
  assert.equal(run('{{with .State}}{{.Pid}}{{end}}', inspect), '42');
  assert.equal(run('{{with .Mounts}}m{{else}}no{{end}}', inspect), 'no');
  assert.equal(run('{{if and .State.Running (gt .State.Pid 1)}}y{{end}}', inspect), 'y');
  assert.equal(run('{{if or .Nope (not .State.ExitCode)}}y{{end}}', inspect), 'y');
  assert.equal(run('{{if ne .Id "x"}}{{lt 1 2}} {{le 2 2}} {{ge 1 2}}{{end}}', inspect), 'true true false');
  assert.throws(() => run('{{if eq .Id 1}}{{end}}', inspect), /incompatible types for comparison/);
});

test('pipelines, parentheses and docker functions', () => {
  assert.equal(run('{{.Name | upper}}', inspect), '/WEB');
  assert.equal(run('{{lower "AbC"}} {{title "hello wide world"}}', {}), 'abc Hello Wide World');
  assert.equal(run('{{join .Config.Env ","}}', inspect), 'A=1,B=2');
  assert.equal(run('{{join (split "a:b:c" ":") "-"}}', {}), 'a-b-c');
  assert.equal(run('{{truncate .Id 2}}|{{truncate .Id 10}}', inspect), 'ab|abc');
  assert.equal(run('{{pad .Id 1 2}}|{{pad "" 1 2}}|', inspect), ' abc  ||');
  assert.equal(run('{{(index .Config.Cmd 0) | printf "%s!"}}', inspect), 'sh!');
  assert.equal(run('{{printf "%-5s|%05d|%.2f|%q|%v" "ab" 42 3.14159 "x" .Config.Cmd}}', inspect), 'ab   |00042|3.14|"x"|[sh -c echo hi]');
  assert.equal(run('a{{println}}b{{println "x" 1}}', {}), 'a\nbx 1\n');
  assert.equal(run('{{print "a" 1 2 "b"}}', {}), 'a1 2b');
});

test('trim markers and comments', () => {
  assert.equal(run('a  {{- .Id -}}  \n b', inspect), 'aabcb');
  assert.equal(run('x{{/* note */}}y {{- /* trimmed */ -}} z', {}), 'xyz');
});

test('parse errors name the problem like Go', () => {
  assert.throws(() => Template.parse('{{nosuch .}}'), /template: :1: function "nosuch" not defined/);
  assert.throws(() => Template.parse('{{if .A}}x'), /unexpected EOF/);
  assert.throws(() => Template.parse('{{.A'), /unclosed action/);
  assert.throws(() => Template.parse('{{end}}'), /unexpected \{\{end\}\}/);
});

class Row extends TemplateStruct {
  readonly goType = '*formatter.ContainerContext';
  protected readonly jsonFields = ['ID', 'Names'] as const;
  constructor(private readonly labels: Record<string, string>) {
    super();
  }
  ID(): string {
    return 'abc';
  }
  Names(): string {
    return 'web';
  }
  Label(name: string): string {
    return this.labels[name] ?? '';
  }
}

test('struct contexts: methods as fields, methods with arguments, unknown fields, json', () => {
  const row = new Row({ tier: 'db' });
  assert.equal(run('{{.ID}} {{.Names}} {{.Label "tier"}} [{{.Label "x"}}]', row), 'abc web db []');
  assert.equal(run('{{json .}}', row), '{"ID":"abc","Names":"web"}');
  assert.throws(() => run('{{.Foo}}', row), /template: :1:2: executing "" at <\.Foo>: can't evaluate field Foo in type \*formatter\.ContainerContext/);
  assert.throws(() => run('{{.jsonFields}}', row), /can't evaluate field jsonFields/);
});

test('output written before an error is kept by executePartial', () => {
  const r = Template.parse('A{{.Label "x"}}B').executePartial({ Label: 'L' });
  assert.equal(r.output, 'A');
  assert.match(r.error?.message ?? '', /Label is not a method but has arguments/);
});
