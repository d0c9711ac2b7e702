import type { Clock } from '../http/context.js';

/** A clock that moves only when the test says so (STYLE 7: time is injected). */
export class FakeClock implements Clock {
  #now: number;

  constructor(start: Date | string = '2026-03-02T09:00:00Z') {
    this.#now = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.#now);
  }

  advance(milliseconds: number): void {
    this.#now += milliseconds;
  }

  set(instant: Date | string): void {
    this.#now = new Date(instant).getTime();
  }
}
