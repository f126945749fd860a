// One process at a time in an embedded database's directory: PGlite is a single-process database, and a second one
// writing the same files (`rtc demo` while the server runs) ruins them for good. A lock file names the process that
// holds the directory; another process finds it and stops with a clear message, and a stale one (its process gone)
// is taken over.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by another Right to Control process (process ${pid}). ` +
        'Stop that process first (for example the server started by `npm start`), then try again.',
    );
    this.name = 'DataDirInUseError';
  }
}

const lockName = 'rtc.lock';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else, so it is running.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the directory for this process, or throws DataDirInUseError. Returns the function that gives it back. */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, lockName);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = openSync(path, 'wx');
      writeSync(handle, String(process.pid));
      closeSync(handle);
      return () => {
        if (holder(path) === process.pid) rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = holder(path);
      // This process holds it too: a second open in one process would corrupt the files just the same.
      if (pid !== undefined && isRunning(pid)) throw new DataDirInUseError(dataDir, pid);
      rmSync(path, { force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}

function holder(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
