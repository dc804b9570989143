/** Time is passed in, so deadlines, expiry and lockouts are testable. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can move. */
export class ManualClock implements Clock {
  #t: number;
  constructor(start: Date | string = '2026-11-28T08:00:00.000Z') {
    this.#t = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.#t);
  }
  advance(ms: number): void {
    this.#t += ms;
  }
  set(t: Date | string): void {
    this.#t = new Date(t).getTime();
  }
}

export function isoNow(clock: Clock): string {
  return clock.now().toISOString();
}
