/** System: disk usage as `docker system df` sums it, engine info, and the live events feed. */
import { useEffect, useState } from 'preact/hooks';
import { getJSON } from '../api.js';
import { recent, subscribe } from '../events.js';
import { size } from '../format.js';
import { diskUsage, useCollection } from '../store.js';
import type { DiskUsage } from '../types.js';
import { Page } from '../ui.js';

interface Info {
  Name: string;
  ServerVersion: string;
  OperatingSystem: string;
  KernelVersion: string;
  Architecture: string;
  NCPU: number;
  MemTotal: number;
  Driver: string;
  CgroupVersion?: string;
  DockerRootDir: string;
  Containers: number;
  ContainersRunning: number;
  ContainersPaused: number;
  ContainersStopped: number;
  Images: number;
}

export function SystemView() {
  const { items } = useCollection(diskUsage);
  const [info, setInfo] = useState<Info | undefined>();
  useEffect(() => void getJSON<Info>('/api/info').then(setInfo, () => undefined), []);
  return (
    <Page title="System">
      <h2>Disk usage</h2>
      {items[0] ? <Df df={items[0]} /> : <p>loading…</p>}
      <h2>Engine</h2>
      {info ? (
        <dl class="info">
          {(
            [
              ['Name', info.Name],
              ['Version', info.ServerVersion],
              ['OS', info.OperatingSystem],
              ['Kernel', info.KernelVersion],
              ['Architecture', info.Architecture],
              ['CPUs', info.NCPU],
              ['Memory', size(info.MemTotal)],
              ['Storage driver', info.Driver],
              ['Cgroup version', info.CgroupVersion ?? ''],
              ['Containers', `${info.Containers} (${info.ContainersRunning} running, ${info.ContainersPaused} paused, ${info.ContainersStopped} stopped)`],
              ['Images', info.Images],
            ] as Array<[string, string | number]>
          ).map(([k, v]) => (
            <>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </>
          ))}
        </dl>
      ) : (
        <p>loading…</p>
      )}
      <h2>Events</h2>
      <Feed />
    </Page>
  );
}

function Df({ df }: { df: DiskUsage }) {
  const imgs = df.Images ?? [];
  const cs = df.Containers ?? [];
  const vols = df.Volumes ?? [];
  const cache = df.BuildCache ?? [];
  // As `docker system df`: reclaimable images are those no container uses; volumes, those with no reference.
  const rows: Array<[string, number, number, number, number]> = [
    ['Images', imgs.length, imgs.filter((i) => i.Containers > 0).length, df.LayersSize, imgs.filter((i) => i.Containers === 0).reduce((n, i) => n + i.Size - Math.max(0, i.SharedSize), 0)],
    ['Containers', cs.length, cs.length, cs.reduce((n, c) => n + (c.SizeRw ?? 0), 0), 0],
    ['Local volumes', vols.length, vols.filter((v) => (v.UsageData?.RefCount ?? 0) > 0).length, vols.reduce((n, v) => n + Math.max(0, v.UsageData?.Size ?? 0), 0), vols.filter((v) => !v.UsageData?.RefCount).reduce((n, v) => n + Math.max(0, v.UsageData?.Size ?? 0), 0)],
    ['Build cache', cache.length, 0, cache.reduce((n, c) => n + c.Size, 0), cache.reduce((n, c) => n + c.Size, 0)],
  ];
  return (
    <table class="df">
      <thead>
        <tr>
          <th>Type</th>
          <th>Total</th>
          <th>Active</th>
          <th>Size</th>
          <th>Reclaimable</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([t, total, active, sz, rec]) => (
          <tr>
            <th scope="row">{t}</th>
            <td class="num">{total}</td>
            <td class="num">{active}</td>
            <td class="num">{size(sz)}</td>
            <td class="num">{size(rec)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Feed() {
  const [, bump] = useState(0);
  useEffect(() => subscribe(() => bump((n) => n + 1)), []);
  const shown = recent.slice(-100).reverse();
  return (
    <ol class="events" aria-live="polite" reversed>
      {!shown.length && <li class="muted">No events since the page opened.</li>}
      {shown.map((e) => (
        <li>
          <time>{new Date(e.time * 1000).toLocaleTimeString()}</time> <b>{e.Type}</b> {e.Action} <span class="muted">{e.Actor.Attributes?.['name'] ?? e.Actor.ID.slice(0, 12)}</span>
        </li>
      ))}
    </ol>
  );
}
