/** A first-in, first-out lock: one holder at a time, waiters served in order. */
export class Mutex {
  #tail: Promise<void> = Promise.resolve();
  #waiting = 0;

  get waiting(): number {
    return this.#waiting;
  }

  async lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.#tail;
    this.#tail = previous.then(() => next);
    this.#waiting++;
    await previous;
    this.#waiting--;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
    };
  }
}
