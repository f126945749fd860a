import { afterEach, describe, expect, it, vi } from 'vitest';
import { LoopDelay, RequestQueue } from './database-queue.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('the database request queue', () => {
  it('admits up to the active limit, queues up to the waiting limit, and refuses the rest at once', async () => {
    const queue = new RequestQueue({ maxActive: 2, maxWaiting: 1, maxWaitMs: 10_000 });
    expect(await queue.enter()).toBe(true);
    expect(await queue.enter()).toBe(true);
    const third = queue.enter();
    expect(queue.waitingCount).toBe(1);
    expect(await queue.enter()).toBe(false);
    queue.leave();
    expect(await third).toBe(true);
    expect(queue.activeCount).toBe(2);
    queue.leave();
    queue.leave();
    expect(queue.activeCount).toBe(0);
  });

  it('hands freed places to waiting requests in the order they came', async () => {
    const queue = new RequestQueue({ maxActive: 1, maxWaiting: 5, maxWaitMs: 10_000 });
    await queue.enter();
    const order: number[] = [];
    const waiting = [1, 2, 3].map((n) => queue.enter().then((admitted) => admitted && order.push(n)));
    for (let i = 0; i < 3; i += 1) queue.leave();
    await Promise.all(waiting);
    expect(order).toEqual([1, 2, 3]);
  });

  it('refuses a request that has waited longer than the maximum, and keeps its place for no one', async () => {
    vi.useFakeTimers();
    const queue = new RequestQueue({ maxActive: 1, maxWaiting: 5, maxWaitMs: 2_000 });
    await queue.enter();
    const slow = queue.enter();
    vi.advanceTimersByTime(1_999);
    expect(queue.waitingCount).toBe(1);
    vi.advanceTimersByTime(1);
    expect(await slow).toBe(false);
    expect(queue.waitingCount).toBe(0);
    queue.leave();
    expect(queue.activeCount).toBe(0);
  });
});

/** Holds the thread without giving the event loop back, as the embedded database does while it answers. */
function holdThread(ms: number) {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy on purpose
  }
}

describe('how long the event loop has been held', () => {
  it('grows while the thread is held and falls back once the loop turns', async () => {
    const delay = new LoopDelay(10);
    try {
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(delay.currentMs).toBeLessThan(200);
      holdThread(250);
      expect(delay.currentMs).toBeGreaterThanOrEqual(200);
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(delay.currentMs).toBeLessThan(200);
    } finally {
      delay.stop();
    }
  });
});
