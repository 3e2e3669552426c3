import type { Clock } from '../../src/lib/clock';

/** A clock the test moves by hand. Starts at the real time unless told otherwise. */
export class TestClock implements Clock {
  private current: number;
  constructor(start: Date = new Date()) {
    this.current = start.getTime();
  }
  now() {
    return new Date(this.current);
  }
  advance(seconds: number) {
    this.current += seconds * 1000;
  }
  set(date: Date) {
    this.current = date.getTime();
  }
}
