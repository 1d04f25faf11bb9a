import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildHosts, buildResolvConf, extraHostLine } from './etc-files.js';

test('resolv.conf drops loopback resolvers unless on the host network, falls back to Docker defaults', () => {
  const host = '# comment\nsearch corp.example\nnameserver 127.0.0.53\noptions edns0\n';
  assert.equal(buildResolvConf(host, { hostNetwork: false }), 'search corp.example\noptions edns0\nnameserver 8.8.8.8\nnameserver 8.8.4.4\n');
  assert.equal(buildResolvConf(host, { hostNetwork: true }), 'search corp.example\noptions edns0\nnameserver 127.0.0.53\n');
  assert.equal(buildResolvConf('nameserver 10.0.0.1\nnameserver ::1\n', { hostNetwork: false }), 'nameserver 10.0.0.1\n');
  assert.equal(
    buildResolvConf(host, { hostNetwork: false, dns: ['1.1.1.1'], dnsSearch: ['a.b'], dnsOptions: ['ndots:2'] }),
    'search a.b\nnameserver 1.1.1.1\noptions ndots:2\n',
  );
});

test('hosts: Docker defaults plus --add-host lines', () => {
  const text = buildHosts({ extraHosts: ['db:10.0.0.5', 'v6:[::1]'] });
  assert.ok(text.startsWith('127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n'));
  assert.ok(text.endsWith('10.0.0.5\tdb\n::1\tv6\n'));
  assert.equal(extraHostLine('x=1.2.3.4'), '1.2.3.4\tx');
});
