/**
 * The dashboard in a real browser: Debian's chromium, headless, driven by
 * playwright-core, against a real `wharf dashboard` on a private daemon. What a
 * user does on the page, the docker CLI must agree with, and what happens
 * through the CLI must show on the page without a reload. A screenshot of each
 * view goes to test-artifacts/dashboard/.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Daemon } from '../support/daemon.js';
import { ok } from '../support/clients.js';
import { hasChromium, launchChromium, startDashboard, type Dashboard } from '../support/dashboard.js';
import { hasReferenceRegistry, TestRegistry } from '../support/registries.js';
import { waitFor } from '../support/wait.js';

const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'dashboard');
const STEP_MS = 15_000; // every wait on the page has this deadline

let d: Daemon;
let dash: Dashboard;
let browser: Browser;
let page: Page;
let webId: string;

const docker = (args: string[]): Promise<string> => ok((a, o) => d.docker(a, o), args);
const shot = (name: string): Promise<Buffer> => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
const go = async (hash: string): Promise<void> => {
  await page.evaluate((h) => (location.hash = h), hash);
};

before(async () => {
  if (!hasChromium()) return;
  await mkdir(ARTIFACTS, { recursive: true });
  d = await Daemon.start();
  dash = await startDashboard(d);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  page.setDefaultTimeout(STEP_MS);
});

after(async () => {
  await browser?.close();
  await dash?.stop();
  await d?.destroy();
});

const skip = !hasChromium() && 'no chromium at /usr/bin/chromium';

test('logging in with the printed token URL opens the containers view; token and key leave the address bar', { skip }, async () => {
  await page.goto(dash.loginUrl);
  await page.locator('table.containers').waitFor();
  await page.locator('.live').waitFor();
  assert.equal(page.url(), `${dash.origin}/#/containers`, 'the server redirects to /#key=…, which the page takes out of the address bar');
  assert.match(await page.evaluate(() => sessionStorage.getItem('wharf-session-key') ?? ''), /^[A-Za-z0-9_-]{43}$/);
});

test('a container started with the docker CLI appears without a reload, and its log lines arrive', { skip }, async () => {
  webId = await docker(['run', '-d', '--name', 'web1', '-p', '127.0.0.1::80', 'busybox', 'sh', '-c', 'trap "exit 0" TERM; i=0; while :; do echo line-$i; i=$((i+1)); sleep 1; done']);
  const row = page.locator('tr[data-name="web1"]');
  await row.locator('.state.running').waitFor();
  await shot('containers');

  await row.getByRole('link', { name: 'web1' }).click();
  assert.match(page.url(), new RegExp(`#/containers/${webId}/logs$`));
  await page.locator('.log-lines', { hasText: 'line-2' }).waitFor();
  await shot('container-logs');
});

test('the stats charts draw non-empty series', { skip }, async () => {
  await go(`#/containers/${webId}/stats`);
  for (const chart of ['CPU %', 'Memory', 'Network /s', 'Block I/O /s']) {
    await page.waitForFunction((c) => Number(document.querySelector(`figure[data-chart="${c}"]`)?.getAttribute('data-points')) >= 2, chart, { timeout: STEP_MS });
  }
  // uPlot drew each series as a path on its canvas: the memory one is above zero.
  const drawn = await page.locator('figure[data-chart] canvas').count();
  assert.equal(drawn, 4);
  assert.match((await page.locator('figure[data-chart="Memory"] .u-legend').innerText()).replace(/\s+/g, ' '), /used/);
  await shot('container-stats');
});

test("the terminal runs `echo hi` in the container and shows `hi`; the other tabs render", { skip }, async () => {
  await go(`#/containers/${webId}/terminal`);
  await page.locator('[data-terminal-status]', { hasText: 'connected' }).waitFor();
  await page.locator('.xterm-host').click();
  await page.keyboard.type('echo hi\n');
  await page.waitForFunction(() => /^hi\s*$/m.test((document.querySelector('.xterm-rows') as HTMLElement | null)?.innerText ?? ''), undefined, { timeout: STEP_MS });
  await shot('container-terminal');
  const shows: Record<string, RegExp> = { top: /PID/, diff: /changes|\//, inspect: new RegExp(`"Id": "${webId}"`), env: /environment|=|PATH/, mounts: /mounts|Destination/ };
  for (const [tab, text] of Object.entries(shows)) {
    await go(`#/containers/${webId}/${tab}`);
    await page.locator('.tab-body', { hasText: text }).waitFor();
    await shot(`container-${tab}`);
  }
});

async function state(): Promise<string> {
  return (await d.docker(['ps', '-a', '--filter', 'name=^web1$', '--format', '{{.State}}'])).stdout.trim();
}

test('stop, start and remove from the page; docker ps -a agrees', { skip }, async () => {
  await go('#/containers');
  const row = page.locator('tr[data-name="web1"]');
  await row.getByRole('button', { name: 'Stop' }).click();
  await waitFor(async () => (await state()) === 'exited', { what: 'docker ps to show web1 exited', timeoutMs: STEP_MS });
  await row.locator('.state.exited').waitFor();

  await row.getByRole('button', { name: 'Start', exact: true }).click();
  await waitFor(async () => (await state()) === 'running', { what: 'docker ps to show web1 running', timeoutMs: STEP_MS });
  await row.locator('.state.running').waitFor();

  await row.getByRole('button', { name: 'Remove' }).click();
  const dialog = page.locator('dialog.confirm');
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /Remove web1\?/);
  await shot('confirm-remove');
  await dialog.getByRole('button', { name: 'Remove' }).click();
  await waitFor(async () => (await state()) === '', { what: 'web1 to be gone from docker ps -a', timeoutMs: STEP_MS });
  await row.waitFor({ state: 'detached' });
});

test('pulling from a loopback registry shows a progress bar; the image lands', { skip }, async () => {
  const registry = hasReferenceRegistry() ? await TestRegistry.reference() : await TestRegistry.wharf();
  try {
    const ref = `${registry.host}/dash/busybox:1`;
    await docker(['tag', 'busybox', ref]);
    await docker(['push', ref]);
    await docker(['rmi', ref]);
    await go('#/images');
    await page.getByLabel('Pull image').fill(ref);
    await page.getByRole('button', { name: 'Pull', exact: true }).click();
    await page.locator('.pull-progress progress').waitFor({ state: 'visible' });
    await page.locator('[data-pull-status]', { hasText: /Downloaded newer image|Image is up to date/ }).waitFor();
    assert.equal(await page.locator('.pull-progress progress').getAttribute('value'), '100');
    await page.locator(`tr[data-image="${ref}"]`).waitFor();
    await docker(['image', 'inspect', ref]);
    await shot('images');
  } finally {
    await registry.stop();
  }
});

test('a compose project shows its services; restart and down from the page act on it', { skip }, async () => {
  const dir = await mkdtemp('/tmp/wdash-compose-');
  try {
    const file = join(dir, 'compose.yaml');
    await writeFile(file, `services:\n  app:\n    image: busybox\n    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"]\n`);
    await ok((a, o) => d.wharf(a, o), ['compose', '-p', 'dashproj', '-f', file, 'up', '-d']);
    const members = async (): Promise<string> => (await d.docker(['ps', '-a', '--filter', 'label=com.docker.compose.project=dashproj', '--format', '{{.ID}}'])).stdout.trim();
    const started = async (): Promise<string> => docker(['inspect', '-f', '{{.State.StartedAt}}', 'dashproj-app-1']);
    const before = await started();
    await go('#/compose');
    const project = page.locator('article[data-project="dashproj"]');
    await project.locator('td', { hasText: 'app' }).first().waitFor();
    await project.locator('h2', { hasText: '1/1 running' }).waitFor();
    await shot('compose');

    await project.getByRole('button', { name: 'Restart' }).click();
    await waitFor(async () => (await started()) !== before, { what: 'compose restart from the page to restart the service', timeoutMs: STEP_MS });

    await project.getByRole('button', { name: 'Down' }).click();
    await page.locator('dialog.confirm').getByRole('button', { name: 'Down' }).click();
    await waitFor(async () => (await members()) === '', { what: 'compose down from the page to remove the project', timeoutMs: STEP_MS });
    await project.waitFor({ state: 'detached' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('every other view renders, at 1280×720 and at 400 px', { skip }, async () => {
  await docker(['volume', 'create', 'dashvol']);
  await ok((a, o) => d.wharf(a, o), ['pod', 'create', '--name', 'dashpod']);
  // Any Docker client joins a pod with its label.
  await docker(['create', '--name', 'user1', '-v', 'dashvol:/data', '--label', 'io.wharf.pod.name=dashpod', 'busybox', 'true']);
  await docker(['create', '--name', 'loner', 'busybox', 'true']);
  await go('#/volumes');
  await page.locator('tr[data-volume="dashvol"]', { hasText: 'user1' }).waitFor();
  await shot('volumes');
  await go('#/networks');
  await page.locator('tr[data-network="bridge"]').waitFor();
  await shot('networks');
  await go('#/system');
  await page.locator('table.df').waitFor();
  await page.locator('ol.events li', { hasText: 'volume create' }).waitFor();
  await shot('system');

  // Containers: a pod's members under its name; the filter and the sortable columns.
  await go('#/containers');
  const table = page.locator('table.containers');
  await table.locator('tbody', { has: page.locator('tr.group', { hasText: 'pod: dashpod' }) }).locator('tr[data-name="user1"]').waitFor();
  const names = (): Promise<string[]> => table.locator('tr[data-name]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name') ?? ''));
  await table.getByRole('button', { name: 'Name' }).click();
  const sorted = await names();
  assert.equal(sorted[0], 'loner', `ungrouped containers first: ${sorted.join()}`);
  assert.equal(sorted.at(-1), 'user1', `then the pod's, by name (its infra container first): ${sorted.join()}`);
  await page.getByLabel('Filter').fill('lone');
  await waitFor(async () => (await names()).join() === 'loner', { what: 'the filter to leave only loner', timeoutMs: STEP_MS });
  await page.getByLabel('Filter').fill('');

  await page.setViewportSize({ width: 400, height: 800 });
  await page.locator('tr[data-name="user1"]').waitFor();
  // No sideways scrolling of the page itself at a phone's width.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px at 400 px`);
  await shot('containers-narrow');
  await page.setViewportSize({ width: 1280, height: 720 });
});

test('keyboard: Tab reaches the views and Enter opens one', { skip }, async () => {
  // A fresh load, so Tab starts at the top of the page (the session cookie stays).
  await go('#/containers');
  await page.reload();
  await page.locator('table.containers').waitFor();
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.textContent)) === 'Images') break;
  }
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.hash === '#/images', undefined, { timeout: STEP_MS });
});
