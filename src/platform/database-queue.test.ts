import { afterEach, describe, expect, it, vi } from 'vitest';
import { RequestQueue } from './database-queue.ts';

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
