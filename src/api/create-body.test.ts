import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCreateBody, checkUpdateBody } from './create-body.js';
import { rememberNumberLiterals } from './json-numbers.js';

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

test('numbers a Go integer field cannot hold are refused with the literal, as dockerd words it', () => {
  const body = (text: string): unknown => {
    const v = JSON.parse(text) as object;
    rememberNumberLiterals(v, text);
    return v;
  };
  assert.throws(
    () => checkCreateBody(body('{"Image":"b","HostConfig":{"Memory":1e300}}')),
    { message: 'json: cannot unmarshal number 1e300 into Go struct field HostConfig.HostConfig.Memory of type int64' },
  );
  assert.throws(() => checkCreateBody(body('{"Image":"b","HostConfig":{"Memory":1180591620717411303424}}')), /number 1180591620717411303424 into .*Memory of type int64/);
  assert.throws(() => checkCreateBody(body('{"Image":"b","HostConfig":{"CpuShares":1.5}}')), /number 1.5 into Go struct field HostConfig.HostConfig.CpuShares of type int64/);
  assert.throws(() => checkCreateBody(body('{"Image":"b","HostConfig":{"BlkioWeight":70000}}')), /number 70000 into .*BlkioWeight of type uint16/);
  assert.throws(
    () => checkCreateBody(body('{"Image":"b","HostConfig":{"Ulimits":[{"Name":"nofile","Soft":1e300,"Hard":1}]}}')),
    { message: 'json: cannot unmarshal number 1e300 into Go struct field Ulimit.HostConfig.Ulimits.Soft of type int64' },
  );
  assert.throws(() => checkCreateBody(body('{"Image":"b","StopTimeout":1e300}')), /field ContainerConfigWrapper.StopTimeout of type int$/);
  assert.throws(() => checkCreateBody(body('{"Image":"b","Healthcheck":{"Interval":1e300}}')), /HealthConfig.Healthcheck.Interval of type time.Duration/);
  assert.throws(() => checkCreateBody(body('{"Image":"b","HostConfig":{"BlkioDeviceReadBps":[{"Path":"/dev/sda","Rate":-1}]}}')), /number -1 into Go struct field ThrottleDevice.HostConfig.BlkioDeviceReadBps.Rate of type uint64/);
  assert.throws(() => checkCreateBody(body('{"Image":"b","HostConfig":{"Memory":9223372036854775808}}')), /number 9223372036854775808/);
  checkCreateBody(body('{"Image":"b","HostConfig":{"Memory":9223372036854775807,"MemorySwap":-1}}'));
  assert.throws(() => checkUpdateBody(body('{"Memory":1e300}')), { message: 'json: cannot unmarshal number 1e300 into Go struct field UpdateConfig.Memory of type int64' });
  assert.throws(() => checkUpdateBody(body('{"RestartPolicy":{"MaximumRetryCount":1e300}}')), /RestartPolicy.RestartPolicy.MaximumRetryCount of type int/);
});
