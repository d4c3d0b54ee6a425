/**
 * Gathers the calls made during one turn of the event loop (up to `maxSize`) and runs them as one
 * batch: with many attempts in flight, one SQL statement serves all those that finished together.
 * Each caller still awaits its own result, so nothing is acknowledged before it is written.
 */
export class Batcher<I, O> {
  private pending: Array<{ input: I; resolve: (o: O) => void; reject: (e: unknown) => void }> = [];
  private scheduled = false;

  constructor(
    private readonly run: (inputs: I[]) => Promise<O[]>,
    private readonly maxSize = 500,
  ) {}

  add(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      if (this.pending.length >= this.maxSize) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    this.run(batch.map((b) => b.input)).then(
      (outputs) => batch.forEach((b, i) => b.resolve(outputs[i])),
      (err) => batch.forEach((b) => b.reject(err)),
    );
  }
}
