/**
 * Only the latest request runs. Every control change asks for a translation; while one is running
 * (the worker cannot interrupt a wasm call) the newest ask waits in a single slot, replacing any older
 * one, and runs when the current one ends. Four quick presses thus cost two runs, not four, and a
 * result that is not the latest is never shown: each run gets a number, and `isLatest` says whether a
 * newer request has been made since.
 */
export class LatestOnly {
  #running = false;
  #again = false;
  #latest = 0;

  constructor(private readonly once: (run: number) => Promise<void>) {}

  /** Whether a run is under way. */
  get running(): boolean {
    return this.#running;
  }

  /** Whether `run` is still the latest request. */
  isLatest(run: number): boolean {
    return run === this.#latest;
  }

  /** Asks for a run; resolves when this call has nothing left to run (a waiting ask runs in the call
   * that is already running). */
  async request(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      this.#latest++; // whatever is running now is no longer the latest
      return;
    }
    this.#running = true;
    try {
      do {
        this.#again = false;
        await this.once(++this.#latest);
      } while (this.#again);
    } finally {
      this.#running = false;
    }
  }
}
