/**
 * Go's text/tabwriter with ' ' padding, left-aligned: tab-terminated cells
 * line up in columns; a column's width is set per block of consecutive lines
 * that have a cell in it (widest cell + padding, at least minwidth); the text
 * after a line's last tab is not part of any column.
 */
export interface TabwriterOptions {
  minwidth: number;
  padding: number;
}

/** Docker's tables: tabwriter.NewWriter(out, 10, 1, 3, ' ', 0). */
export const DOCKER_TABLE: TabwriterOptions = { minwidth: 10, padding: 3 };

const runeCount = (s: string): number => [...s].length;

export function tabwrite(text: string, opts: TabwriterOptions = DOCKER_TABLE): string {
  const endsWithNewline = text.endsWith('\n');
  const rawLines = text.split('\n');
  if (endsWithNewline) rawLines.pop();
  const lines = rawLines.map((l) => l.split('\t'));
  const out: string[] = [];
  const widths: number[] = [];

  const writeLines = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const cells = lines[i]!;
      let line = '';
      cells.forEach((cell, j) => {
        line += cell;
        if (j < cells.length - 1 && j < widths.length) line += ' '.repeat(Math.max(0, widths[j]! - runeCount(cell)));
      });
      out.push(line);
    }
  };

  /** Lays out column `col` for lines [line0, line1), recursing into the next column per block. */
  const format = (line0: number, line1: number, col: number): void => {
    let printed = line0;
    for (let i = line0; i < line1; i++) {
      if (col >= lines[i]!.length - 1) continue;
      writeLines(printed, i);
      const blockStart = i;
      let width = opts.minwidth;
      for (; i < line1 && col < lines[i]!.length - 1; i++) {
        width = Math.max(width, runeCount(lines[i]![col]!) + opts.padding);
      }
      widths.push(width);
      format(blockStart, i, col + 1);
      widths.pop();
      printed = i;
      i--;
    }
    writeLines(printed, line1);
  };

  format(0, lines.length, 0);
  return out.join('\n') + (endsWithNewline ? '\n' : '');
}
