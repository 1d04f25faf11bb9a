import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Project, ServiceConfig } from '../types.js';
import { containerRequest } from './container-spec.js';

const project = (services: Record<string, ServiceConfig>): Project => ({
  name: 'shop',
  workingDir: '/srv/shop',
  configFiles: ['/srv/shop/compose.yaml'],
  services,
  networks: { default: { name: 'shop_default' }, back: { name: 'shop_back' } },
  volumes: { data: { name: 'shop_data' } },
  secrets: { token: { name: 'token', file: '/srv/shop/token.txt' } },
  configs: {},
  disabledServices: {},
  profiles: [],
  environment: {},
});

const web: ServiceConfig = {
  name: 'web',
  image: 'busybox',
  command: ['httpd', '-f'],
  environment: { A: '1', UNSET: null },
  ports: [{ mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' }],
  expose: ['9000'],
  volumes: [
    { type: 'volume', source: 'data', target: '/data' },
    { type: 'bind', source: '/srv/shop/www', target: '/www', read_only: true, bind: { create_host_path: true } },
    { type: 'tmpfs', target: '/tmp' },
  ],
  networks: { back: { aliases: ['api'], priority: 10 }, default: null },
  healthcheck: { test: ['CMD', 'true'], interval: '1m30s', retries: 3 },
  restart: 'on-failure:3',
  secrets: [{ source: 'token' }],
  stop_grace_period: '2s',
  cpus: 0.5,
  mem_limit: 64 * 1024 * 1024,
  depends_on: { db: { condition: 'service_healthy', required: true } },
};

test('a service becomes a create body with v2 labels, mounts, ports and networks', () => {
  const body = containerRequest(project({ web }), web, { number: 2, name: 'shop-web-2', hash: 'h' }, { containerOf: (s) => `shop-${s}-1` });
  assert.equal(body.Image, 'busybox');
  assert.deepEqual(body.Env, ['A=1']);
  assert.equal(body.Labels?.['com.docker.compose.project'], 'shop');
  assert.equal(body.Labels?.['com.docker.compose.service'], 'web');
  assert.equal(body.Labels?.['com.docker.compose.container-number'], '2');
  assert.equal(body.Labels?.['com.docker.compose.oneoff'], 'False');
  assert.equal(body.Labels?.['com.docker.compose.config-hash'], 'h');
  assert.equal(body.Labels?.['com.docker.compose.depends_on'], 'db:service_healthy:false');
  assert.deepEqual(body.ExposedPorts, { '9000/tcp': {}, '80/tcp': {} });
  assert.deepEqual(body.HostConfig?.PortBindings, { '80/tcp': [{ HostIp: '', HostPort: '8080' }] });
  assert.deepEqual(body.HostConfig?.Binds, ['/srv/shop/www:/www:ro']);
  assert.deepEqual(
    body.HostConfig?.Mounts?.map((m) => [m.Type, m.Source, m.Target, m.ReadOnly]),
    [
      ['volume', 'shop_data', '/data', undefined],
      ['tmpfs', undefined, '/tmp', undefined],
      ['bind', '/srv/shop/token.txt', '/run/secrets/token', true],
    ],
  );
  // The highest-priority network is the primary one; the service's name is an alias on each.
  assert.equal(body.HostConfig?.NetworkMode, 'shop_back');
  assert.deepEqual(body.NetworkingConfig?.EndpointsConfig?.shop_back?.Aliases, ['web', 'api']);
  assert.deepEqual(body.NetworkingConfig?.EndpointsConfig?.shop_default?.Aliases, ['web']);
  assert.deepEqual(body.Healthcheck, { Test: ['CMD', 'true'], Interval: 90e9, Timeout: undefined, StartPeriod: undefined, StartInterval: undefined, Retries: 3 });
  assert.deepEqual(body.HostConfig?.RestartPolicy, { Name: 'on-failure', MaximumRetryCount: 3 });
  assert.equal(body.StopTimeout, 2);
  assert.equal(body.HostConfig?.NanoCpus, 5e8);
  assert.equal(body.HostConfig?.Memory, 64 * 1024 * 1024);
});

test("network_mode: service:x joins that service's container; a build-only service runs the image build makes", () => {
  const tool: ServiceConfig = { name: 'tool', build: { context: '/srv/shop/tool' }, network_mode: 'service:web' };
  const body = containerRequest(project({ tool }), tool, { number: 1, name: 'shop-tool-1', hash: 'h' }, { containerOf: (s) => `shop-${s}-1` });
  assert.equal(body.HostConfig?.NetworkMode, 'container:shop-web-1');
  assert.deepEqual(body.NetworkingConfig?.EndpointsConfig, {});
  assert.equal(body.Image, 'shop-tool');
});
