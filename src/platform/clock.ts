// The one place the system time is read. Everything that needs "now" or "today" is handed a clock, so tests can set
// the day (payment periods, deadlines and reviews depend on it) and nothing reads the time behind their back.
import { londonDay } from '../domain/age-bands.ts';
import type { Clock } from '../domain/clock.ts';

export type { Clock };

export const systemClock: Clock = {
  now: () => new Date(),
  today: () => londonDay(new Date()),
};

/** A clock that says what a test tells it, and moves only when told to. */
export class FixedClock implements Clock {
  private instant: Date;

  constructor(at: Date | string) {
    this.instant = new Date(at);
  }

  now(): Date {
    return new Date(this.instant);
  }

  today(): string {
    return londonDay(this.instant);
  }

  set(at: Date | string): void {
    this.instant = new Date(at);
  }

  advance(milliseconds: number): void {
    this.instant = new Date(this.instant.getTime() + milliseconds);
  }
}
