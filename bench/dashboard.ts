/**
 * The dashboard, in chromium against a real `wharf dashboard`: time to the first
 * render of the containers view with 200 containers (created, never started),
 * and the RSS an open dashboard adds to wharfd (the page open for a few seconds
 * on a running container, with its events, stats and logs streams).
 */
import type { Daemon } from '../test/support/daemon.js';
import { hasChromium, launchChromium, startDashboard } from '../test/support/dashboard.js';
import { http } from '../test/support/http.js';

type Say = (k: string, v: string) => void;

const CONTAINERS = 200;
const PARALLEL = 8;
const OPEN_MS = 5000;

async function createMany(d: Daemon, n: number): Promise<string[]> {
  const ids: string[] = [];
  const body = JSON.stringify({ Image: 'busybox', Cmd: ['true'], Labels: { 'io.wharf.bench': 'dashboard' } });
  for (let i = 0; i < n; i += PARALLEL) {
    const batch = Array.from({ length: Math.min(PARALLEL, n - i) }, () => http(d.socket, 'POST', '/containers/create', body));
    for (const r of await Promise.all(batch)) {
      if (r.status !== 201) throw new Error(`create failed (${r.status}): ${r.body}`);
      ids.push((JSON.parse(r.body) as { Id: string }).Id);
    }
  }
  return ids;
}

async function removeAll(d: Daemon, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += PARALLEL) {
    await Promise.all(ids.slice(i, i + PARALLEL).map((id) => http(d.socket, 'DELETE', `/containers/${id}?force=1`)));
  }
}

export async function benchDashboard(d: Daemon, say: Say, daemonRssKiB: () => Promise<number>): Promise<void> {
  if (!hasChromium()) {
    say('dashboard', 'skipped: no /usr/bin/chromium');
    return;
  }
  const browser = await launchChromium();
  let ids: string[] = [];
  try {
    ids = await createMany(d, CONTAINERS);
    // First render: from navigating to the login URL to every row on screen.
    const dash = await startDashboard(d);
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      // Timed in the page, from the navigation's start (the token's redirect included) to the
      // DOM holding every row: polling from here would add the driver's own latency.
      await page.addInitScript((n: number) => {
        const w = window as unknown as { rendered?: number };
        const seen = new MutationObserver(() => {
          if (document.querySelectorAll('table.containers tr[data-id]').length < n) return;
          w.rendered = performance.now();
          seen.disconnect();
        });
        seen.observe(document, { childList: true, subtree: true });
      }, CONTAINERS);
      await page.goto(dash.loginUrl);
      await page.waitForFunction(() => (window as unknown as { rendered?: number }).rendered, undefined, { timeout: 60_000 });
      const ms = await page.evaluate(() => (window as unknown as { rendered: number }).rendered);
      // Where the time went: the daemon's list, as the page's resource timing saw it.
      const listMs = await page.evaluate(() => performance.getEntriesByType('resource').find((e) => e.name.includes('/api/containers/json'))?.duration ?? NaN);
      say(`dashboard: containers view, ${CONTAINERS} containers, first render`, `${ms.toFixed(0)} ms  (target < 1 s; GET /containers/json ${listMs.toFixed(0)} ms of it)`);
      await page.close();
    } finally {
      await dash.stop();
    }
    await removeAll(d, ids);
    ids = [];

    // RSS: the daemon before, and with a page open on a running container's logs and stats.
    const run = await http(d.socket, 'POST', '/containers/create?name=dash-bench', JSON.stringify({ Image: 'busybox', Cmd: ['sh', '-c', 'while :; do echo tick; sleep 1; done'] }));
    const id = (JSON.parse(run.body) as { Id: string }).Id;
    ids = [id];
    await http(d.socket, 'POST', `/containers/${id}/start`);
    const dash2 = await startDashboard(d);
    try {
      const before = await daemonRssKiB();
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      await page.goto(dash2.loginUrl);
      await page.locator('table.containers').waitFor({ timeout: 30_000 });
      await page.waitForTimeout(OPEN_MS / 2); // the containers view's stats streams
      await page.evaluate((cid) => (location.hash = `#/containers/${cid}/stats`), id);
      await page.waitForTimeout(OPEN_MS / 2); // its logs and stats streams
      const during = await daemonRssKiB();
      say('dashboard: wharfd RSS added by an open page', `${((during - before) / 1024).toFixed(1)} MiB  (target < 10 MiB)`);
      await page.close();
    } finally {
      await dash2.stop();
    }
  } finally {
    await removeAll(d, ids);
    await browser.close();
  }
}
