/**
 * Stages build in parallel but their progress reads in Dockerfile order, as
 * if built one after the other: the earliest unfinished stage writes
 * through, later ones are held until every stage before them is done.
 */
export class OrderedOutput {
  private readonly held: string[][];
  private readonly done: boolean[];
  private head = 0;

  constructor(
    slots: number,
    private readonly write: (text: string) => void,
  ) {
    this.held = Array.from({ length: slots }, () => []);
    this.done = Array.from({ length: slots }, () => false);
  }

  writer(slot: number): (text: string) => void {
    return (text) => {
      // Slots before the head are done: their turn has passed and later writes (the --label step) go straight out.
      if (slot <= this.head) this.write(text);
      else this.held[slot]?.push(text);
    };
  }

  finish(slot: number): void {
    this.done[slot] = true;
    while (this.head < this.done.length && this.done[this.head]) {
      this.head++;
      for (const t of this.held[this.head]?.splice(0) ?? []) this.write(t);
    }
  }
}
