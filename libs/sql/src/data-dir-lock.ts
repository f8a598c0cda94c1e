import { readFile, rm, writeFile } from 'node:fs/promises';

/** Another process (or this one, through another client) has the embedded database open. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `the embedded database in ${dataDir} is open in process ${pid}${pid === process.pid ? ' (this one)' : ''}: ` +
        'it serves one process at a time; stop that one first, or use a PostgreSQL server (DATABASE_URL)',
    );
    this.name = 'DataDirInUseError';
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, as another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `<dataDir>.lock` for this process, or throws DataDirInUseError. PGlite has no lock of its own, and two
 * processes writing one data folder corrupt it. A lock left by a process that no longer runs (killed) is taken
 * over. Resolves to the release.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const path = `${dataDir}.lock`;
  for (;;) {
    try {
      await writeFile(path, `${process.pid}\n`, { flag: 'wx' });
      return () => rm(path, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(holder) && holder > 0 && (holder === process.pid || isRunning(holder))) {
      throw new DataDirInUseError(dataDir, holder);
    }
    // Left by a process that is gone (or half written by one that died writing it): take it over. Should two
    // processes both do so, only one of them creates the file anew.
    await rm(path, { force: true });
  }
}
