/** Numbers as `docker` prints them: sizes in SI units (go-units' HumanSize), ages in words. */
export function size(bytes: number | undefined): string {
  if (bytes === undefined || bytes < 0 || Number.isNaN(bytes)) return '—';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0;
  let n = bytes;
  while (n >= 1000 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  return `${n < 10 && i > 0 ? n.toFixed(2) : n < 100 && i > 0 ? n.toFixed(1) : Math.round(n)} ${units[i]}`;
}

/** Memory as `docker stats` shows it: binary units. */
export function mib(bytes: number | undefined): string {
  if (bytes === undefined) return '—';
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

export function ago(unixSeconds: number): string {
  const s = Math.max(0, Date.now() / 1000 - unixSeconds);
  if (s < 60) return `${Math.floor(s)} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} days ago`;
}

export const shortId = (id: string): string => id.replace(/^sha256:/, '').slice(0, 12);
export const containerName = (names: string[] | undefined): string => (names?.[0] ?? '').replace(/^\//, '');
