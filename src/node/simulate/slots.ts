/**
 * Fixed-size slots of one SharedArrayBuffer, lent to a batch and given back: the main thread reads a JSONL
 * block into an input slot and a worker writes the batch's output bytes into an output slot, so neither side
 * allocates (or the kernel zeroes) a fresh buffer per batch, and a message carries only a view. A run never
 * waits for a slot: without a free one a batch uses a fresh buffer, as it would without slots.
 */
export class SharedSlots {
  readonly buffer: SharedArrayBuffer;
  /** Free slot indexes (the next one lent is the last). */
  private readonly free: number[] = [];

  constructor(
    readonly count: number,
    readonly size: number,
  ) {
    this.buffer = new SharedArrayBuffer(count * size);
    for (let i = count - 1; i >= 0; i--) this.free.push(i);
  }

  /** The view of slot `index`. */
  view(index: number): Uint8Array {
    return new Uint8Array(this.buffer, index * this.size, this.size);
  }

  /** The view of the slot that {@link take} would lend next, without lending it; undefined when none is free. */
  peek(): Uint8Array | undefined {
    const index = this.free[this.free.length - 1];
    return index === undefined ? undefined : this.view(index);
  }

  /** Lends a free slot (its index), or -1 when none is free. */
  take(): number {
    return this.free.pop() ?? -1;
  }

  /** Lends the slot that `data` (a view) lies in; -1 when `data` is not in a free slot of these. */
  takeSlotOf(data: Uint8Array): number {
    if (data.buffer !== this.buffer) return -1;
    const index = Math.floor(data.byteOffset / this.size);
    const at = this.free.lastIndexOf(index);
    if (at < 0) return -1;
    this.free.splice(at, 1);
    return index;
  }

  /** Gives a lent slot back (-1 is ignored). */
  release(index: number): void {
    if (index >= 0) this.free.push(index);
  }
}
