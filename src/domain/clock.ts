// What "now" means to the rules: a clock handed in, never the system time read directly, so tests can set the day.
// The system clock and a fixed clock for tests live in platform/clock.ts.

export interface Clock {
  /** The current instant. */
  now(): Date;
  /** Today in Europe/London as YYYY-MM-DD: the day that matters for ages, budgets and payments. */
  today(): string;
}
