import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCreateBody } from './create-body.js';

test('wrong JSON types are refused with the field Go would name', () => {
  assert.throws(() => checkCreateBody({ Image: 5 }), /cannot unmarshal number into Go struct field ContainerConfigWrapper.Image of type string/);
  assert.throws(() => checkCreateBody({ Image: 'x', Env: 'A=1' }), /field ContainerConfigWrapper.Env of type \[\]string/);
  assert.throws(() => checkCreateBody({ Image: 'x', HostConfig: { Memory: '1g' } }), /HostConfig.Memory of type int64/);
  assert.throws(() => checkCreateBody([]), /Go value of type container.ContainerConfigWrapper/);
});

test('what Docker accepts passes: null zero values, Cmd as a string or a list', () => {
  checkCreateBody({ Image: 'busybox', Cmd: 'true', Entrypoint: null, Env: ['A=1'], Labels: { a: 'b' }, HostConfig: { Memory: 0, Binds: null } });
  checkCreateBody({ Image: 'busybox', Cmd: ['sh', '-c', 'true'] });
});
