/** `top` output as docker prints it: ps's columns, tab-aligned. */
import type { ContainerTopResponse } from '../../apitypes/containers.js';
import { tabwrite } from '../format/tabwriter.js';

export function topTable(top: ContainerTopResponse): string {
  const lines = [top.Titles, ...(top.Processes ?? [])].map((row) => `${row.join('\t')}\n`).join('');
  return tabwrite(lines, { minwidth: 20, padding: 3 });
}
