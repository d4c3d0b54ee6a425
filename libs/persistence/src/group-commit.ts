/**
 * Group commit: calls are gathered while earlier batches are still running, then run as one batch
 * (at most `maxSize` each, at most `maxInFlight` batches at once). With many attempts in flight,
 * one SQL statement serves all those that finished meanwhile, and the batch size grows with the
 * database's latency instead of a fixed window. Each caller still awaits its own result, so
 * nothing is acknowledged before it is written.
 */
export class Batcher<I, O> {
  private pending: Array<{ input: I; resolve: (o: O) => void; reject: (e: unknown) => void }> = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly run: (inputs: I[]) => Promise<O[]>,
    private readonly maxSize = 500,
    private readonly maxInFlight = 2,
  ) {}

  add(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight || this.pending.length === 0) return;
    this.scheduled = true;
    // One turn of the event loop, so calls made together share the batch.
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    if (this.inFlight >= this.maxInFlight || this.pending.length === 0) return;
    const batch = this.pending.splice(0, this.maxSize);
    this.inFlight++;
    this.run(batch.map((b) => b.input))
      .then(
        (outputs) => batch.forEach((b, i) => b.resolve(outputs[i])),
        (err) => batch.forEach((b) => b.reject(err)),
      )
      .finally(() => {
        this.inFlight--;
        this.schedule();
      });
    this.schedule();
  }
}
