import { describe, expect, it } from 'vitest';
import { writeInBatches } from './batches.ts';

describe('writing the demo in batches', () => {
  it('makes each batch only after the one before is written, so no more than one batch is held at once', async () => {
    let made = 0;
    let written = 0;
    let mostHeld = 0;
    const sizes: number[] = [];
    const total = await writeInBatches(
      1234,
      500,
      () => {
        made += 1;
        mostHeld = Math.max(mostHeld, made - written);
        return made;
      },
      async (batch, start) => {
        expect(start).toBe(written);
        expect(batch[0]).toBe(written + 1);
        await new Promise((resolve) => setTimeout(resolve, 1));
        sizes.push(batch.length);
        written += batch.length;
      },
    );
    expect(total).toBe(1234);
    expect(sizes).toEqual([500, 500, 234]);
    expect(mostHeld).toBe(500);
  });

  it('makes nothing when there is nothing to write', async () => {
    let made = 0;
    expect(await writeInBatches(0, 500, () => (made += 1), async () => {})).toBe(0);
    expect(made).toBe(0);
  });
});
