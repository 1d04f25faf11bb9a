import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linkEnv } from './link-env.js';

test('a link exports each port (TCP first), the bounds of a consecutive run, the name and the env but HOME and PATH', () => {
  const env = linkEnv('/web/db-x', '10.0.0.2', ['FOO=bar', 'HOME=/x', 'PATH=/bin', 'EMPTY=', 'NOVALUE'], { '53/udp': {}, '81/tcp': {}, '80/tcp': {}, '90': {} });
  assert.deepEqual(env, [
    'DB_X_PORT=tcp://10.0.0.2:80',
    'DB_X_PORT_80_TCP=tcp://10.0.0.2:80',
    'DB_X_PORT_80_TCP_ADDR=10.0.0.2',
    'DB_X_PORT_80_TCP_PORT=80',
    'DB_X_PORT_80_TCP_PROTO=tcp',
    'DB_X_PORT_81_TCP=tcp://10.0.0.2:81',
    'DB_X_PORT_81_TCP_ADDR=10.0.0.2',
    'DB_X_PORT_81_TCP_PORT=81',
    'DB_X_PORT_81_TCP_PROTO=tcp',
    // The run 80–81 is closed when the port after it is seen, so its bounds follow that port's variables.
    'DB_X_PORT_90_TCP=tcp://10.0.0.2:90',
    'DB_X_PORT_90_TCP_ADDR=10.0.0.2',
    'DB_X_PORT_90_TCP_PORT=90',
    'DB_X_PORT_90_TCP_PROTO=tcp',
    'DB_X_PORT_80_TCP_START=tcp://10.0.0.2:80',
    'DB_X_PORT_80_TCP_PORT_START=80',
    'DB_X_PORT_80_TCP_END=tcp://10.0.0.2:81',
    'DB_X_PORT_80_TCP_PORT_END=81',
    'DB_X_PORT_53_UDP=udp://10.0.0.2:53',
    'DB_X_PORT_53_UDP_ADDR=10.0.0.2',
    'DB_X_PORT_53_UDP_PORT=53',
    'DB_X_PORT_53_UDP_PROTO=udp',
    'DB_X_NAME=/web/db-x',
    'DB_X_ENV_FOO=bar',
    'DB_X_ENV_EMPTY=',
  ]);
});

test('a run that ends the list is closed too; no ports means only the name', () => {
  const env = linkEnv('/a/b', '1.2.3.4', [], { '7000/udp': {}, '7001/udp': {} });
  assert.deepEqual(env.filter((e) => /START|END/.test(e)), [
    'B_PORT_7000_UDP_START=udp://1.2.3.4:7000',
    'B_PORT_7000_UDP_PORT_START=7000',
    'B_PORT_7000_UDP_END=udp://1.2.3.4:7001',
    'B_PORT_7000_UDP_PORT_END=7001',
  ]);
  assert.deepEqual(linkEnv('/a/b', '1.2.3.4', [], undefined), ['B_NAME=/a/b']);
});
