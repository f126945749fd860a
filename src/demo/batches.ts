// Writes many made-up records a batch at a time: each batch is made, written and let go before the next is made, so
// the demo holds one batch in memory however many people it makes.
export async function writeInBatches<T>(total: number, size: number, make: () => T, write: (batch: readonly T[], start: number) => Promise<void>): Promise<number> {
  let written = 0;
  while (written < total) {
    const batch = Array.from({ length: Math.min(size, total - written) }, () => make());
    await write(batch, written);
    written += batch.length;
  }
  return written;
}
