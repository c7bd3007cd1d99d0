/** The one place time-dependent code takes "now" from, so tests can move time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stays where it is put; `advance` moves it forward. */
export class ManualClock implements Clock {
  #now: number;
  constructor(start: Date | string = '2026-09-01T08:00:00Z') {
    this.#now = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.#now);
  }
  advance(ms: number): void {
    this.#now += ms;
  }
  set(date: Date | string): void {
    this.#now = new Date(date).getTime();
  }
}
