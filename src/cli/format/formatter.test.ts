import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ContainerSummary } from '../../apitypes/containers.js';
import type { ImageSummary } from '../../apitypes/images.js';
import { CONTAINER_HEADERS, CONTAINER_TABLE_FORMAT, ContainerContext } from '../lib/container-context.js';
import { IMAGE_HEADERS, IMAGE_TABLE_FORMAT, imageRows } from '../lib/image-context.js';
import { listFormat } from '../lib/list-format.js';
import { renderRows, templateString } from './formatter.js';
import { tabwrite } from './tabwriter.js';

process.env.TZ = 'UTC';

test('tabwriter: min width 10, padding 3, last cell unpadded', () => {
  assert.equal(tabwrite('A\tBB\tC\nlonger-cell\tx\ty\n'), 'A             BB        C\nlonger-cell   x         y\n');
  // a column block ends at a line without that column
  assert.equal(tabwrite('a\tb\nlone\nccccccccccccc\td\n'), 'a         b\nlone\nccccccccccccc   d\n');
});

test('format strings: table prefix, json, literal \\t and \\n', () => {
  assert.equal(templateString('table {{.ID}}\\t{{.Names}}'), '{{.ID}}\t{{.Names}}');
  assert.equal(templateString('json'), '{{json .}}');
  assert.equal(templateString('{{.ID}}\\n'), '{{.ID}}\n');
  assert.equal(listFormat('', { quiet: false, table: 'T' }), 'T');
  assert.equal(listFormat('{{.Names}}', { quiet: true, table: 'T' }), '{{.ID}}');
});

const now = Math.floor(Date.now() / 1000);
const containers: ContainerSummary[] = [
  {
    Id: 'f'.repeat(64),
    Names: ['/web'],
    Image: 'busybox',
    ImageID: 'sha256:' + 'a'.repeat(64),
    Command: 'sh -c "while true; do sleep 1; done"',
    Created: now - 150,
    Ports: [{ IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' }],
    Labels: { tier: 'web', app: 'x' },
    State: 'running',
    Status: 'Up 2 minutes',
    HostConfig: { NetworkMode: 'bridge' },
    NetworkSettings: { Networks: { bridge: {} } },
    Mounts: [],
    SizeRw: 12,
    SizeRootFs: 4_261_000,
  },
  {
    Id: '0123456789ab' + '0'.repeat(52),
    Names: ['/db'],
    Image: 'sha256:' + 'b'.repeat(64),
    ImageID: 'sha256:' + 'b'.repeat(64),
    Command: 'true',
    Created: now - 5 * 3600,
    Ports: [],
    Labels: {},
    State: 'exited',
    Status: 'Exited (0) 5 seconds ago',
    HostConfig: { NetworkMode: 'bridge' },
    NetworkSettings: { Networks: {} },
    Mounts: [],
  },
];

test('ps default table', () => {
  const out = renderRows(CONTAINER_TABLE_FORMAT, containers.map((c) => new ContainerContext(c, true)), CONTAINER_HEADERS);
  assert.equal(
    out,
    [
      'CONTAINER ID   IMAGE          COMMAND                   CREATED         STATUS                     PORTS                  NAMES',
      'ffffffffffff   busybox        "sh -c \\"while true; …"   2 minutes ago   Up 2 minutes               0.0.0.0:8080->80/tcp   web',
      '0123456789ab   bbbbbbbbbbbb   "true"                    5 hours ago     Exited (0) 5 seconds ago                          db',
      '',
    ].join('\n'),
  );
});

test('ps fields, methods and json', () => {
  const web = new ContainerContext(containers[0]!, true);
  assert.equal(renderRows('{{.Names}}|{{.Labels}}|{{.Label "tier"}}|{{.Size}}|{{.Networks}}|{{.CreatedAt}}', [web], CONTAINER_HEADERS), `web|app=x,tier=web|web|12B (virtual 4.26MB)|bridge|${new Date((now - 150) * 1000).toISOString().replace('T', ' ').slice(0, 19)} +0000 UTC\n`);
  const json = JSON.parse(renderRows('json', [web], CONTAINER_HEADERS)) as Record<string, string>;
  assert.deepEqual(Object.keys(json), ['Command', 'CreatedAt', 'ID', 'Image', 'Labels', 'LocalVolumes', 'Mounts', 'Names', 'Networks', 'Platform', 'Ports', 'RunningFor', 'Size', 'State', 'Status']);
  assert.equal(json.ID, 'ffffffffffff');
  assert.equal(renderRows('table {{.ID}}\t{{upper .State}}', [web], CONTAINER_HEADERS), 'CONTAINER ID   STATE\nffffffffffff   RUNNING\n');
  assert.equal(new ContainerContext(containers[0]!, false).ID(), 'f'.repeat(64));
  assert.throws(() => renderRows('{{.Nope}}', [web], CONTAINER_HEADERS), /template parsing error: template: :1:2: executing "" at <\.Nope>: can't evaluate field Nope in type \*formatter\.ContainerContext/);
});

test('images rows and table', () => {
  const img: ImageSummary = {
    Id: 'sha256:' + 'c'.repeat(64),
    ParentId: '',
    RepoTags: ['busybox:latest', 'busybox:1.36', 'localhost:5000/x/y:v1'],
    RepoDigests: ['busybox@sha256:' + 'd'.repeat(64)],
    Created: now - 3 * 86400,
    Size: 4_261_000,
    SharedSize: -1,
    Labels: null,
    Containers: -1,
  };
  const dangling: ImageSummary = { ...img, Id: 'sha256:' + 'e'.repeat(64), RepoTags: [], RepoDigests: [] };
  const rows = [img, dangling].flatMap((i) => imageRows(i, { trunc: true, digests: false, needDigest: false }));
  assert.equal(
    renderRows(IMAGE_TABLE_FORMAT, rows, IMAGE_HEADERS),
    [
      'REPOSITORY           TAG       IMAGE ID       CREATED      SIZE',
      'busybox              latest    cccccccccccc   3 days ago   4.26MB',
      'busybox              1.36      cccccccccccc   3 days ago   4.26MB',
      'localhost:5000/x/y   v1        cccccccccccc   3 days ago   4.26MB',
      '<none>               <none>    eeeeeeeeeeee   3 days ago   4.26MB',
      '',
    ].join('\n'),
  );
  const withDigests = imageRows(img, { trunc: false, digests: true, needDigest: true });
  assert.equal(withDigests[0]!.Digest(), 'sha256:' + 'd'.repeat(64));
  assert.equal(withDigests[2]!.Digest(), '<none>');
  assert.equal(withDigests[0]!.ID(), img.Id);
});
