/** CPU, memory, network and block I/O over time, drawn with uPlot from the container's stats stream. */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { watchStats, type Sample } from '../stats.js';

const KEEP = 120; // samples: two minutes at docker's one per second

interface Spec {
  title: string;
  series: string[];
  unit: (v: number) => string;
  values: (s: Sample, prev: Sample | undefined) => number[];
}

const rate = (now: number, before: number | undefined, dt: number): number => (before === undefined || dt <= 0 ? 0 : Math.max(0, (now - before) / dt));
const bytes = (v: number): string => (v >= 1e6 ? `${(v / 1e6).toFixed(1)} MB` : v >= 1e3 ? `${(v / 1e3).toFixed(1)} kB` : `${Math.round(v)} B`);

const SPECS: Spec[] = [
  { title: 'CPU %', series: ['cpu'], unit: (v) => `${v.toFixed(1)} %`, values: (s) => [s.cpu] },
  { title: 'Memory', series: ['used'], unit: bytes, values: (s) => [s.mem] },
  {
    title: 'Network /s',
    series: ['rx', 'tx'],
    unit: bytes,
    values: (s, p) => [rate(s.rx, p?.rx, s.t - (p?.t ?? s.t)), rate(s.tx, p?.tx, s.t - (p?.t ?? s.t))],
  },
  {
    title: 'Block I/O /s',
    series: ['read', 'write'],
    unit: bytes,
    values: (s, p) => [rate(s.read, p?.read, s.t - (p?.t ?? s.t)), rate(s.write, p?.write, s.t - (p?.t ?? s.t))],
  },
];
const COLORS = ['#2f7ed8', '#d9534f'];

export function Charts({ id }: { id: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current!;
    const data = SPECS.map((spec) => [[], ...spec.series.map(() => [])] as number[][]);
    const width = (): number => Math.max(260, Math.min(560, el.clientWidth - 16));
    const plots = SPECS.map((spec, i) => {
      const box = document.createElement('figure');
      box.className = 'chart';
      box.dataset['chart'] = spec.title;
      box.dataset['points'] = '0';
      el.appendChild(box);
      return new uPlot(
        {
          title: spec.title,
          width: width(),
          height: 180,
          series: [{}, ...spec.series.map((label, k) => ({ label, stroke: COLORS[k], width: 2, value: (_: uPlot, v: number | null) => (v == null ? '—' : spec.unit(v)) }))],
          axes: [{}, { values: (_: uPlot, ticks: number[]) => ticks.map(spec.unit), size: 70 }],
          scales: { y: { range: (_: uPlot, min: number, max: number) => [0, Math.max(max, min, spec.title === 'CPU %' ? 1 : 1024)] } },
        },
        data[i] as uPlot.AlignedData,
        box,
      );
    });
    let prev: Sample | undefined;
    const stop = watchStats(id, (s) => {
      SPECS.forEach((spec, i) => {
        const d = data[i]!;
        const vs = spec.values(s, prev);
        d[0]!.push(s.t);
        vs.forEach((v, k) => d[k + 1]!.push(v));
        if (d[0]!.length > KEEP) for (const col of d) col.shift();
        plots[i]!.setData(d as uPlot.AlignedData);
        (plots[i]!.root.parentElement as HTMLElement).dataset['points'] = String(d[0]!.length);
      });
      prev = s;
    });
    const onResize = (): void => plots.forEach((p) => p.setSize({ width: width(), height: 180 }));
    window.addEventListener('resize', onResize);
    return () => {
      stop();
      window.removeEventListener('resize', onResize);
      plots.forEach((p) => p.destroy());
      el.replaceChildren();
    };
  }, [id]);
  return <div class="charts" ref={host} />;
}
