// A lock shared by test processes (vitest runs files in parallel processes). Broker-side Nest
// services must take turns: Redis pub/sub fans out to every subscribed service and Kafka topics
// are global, so two services of different majors on one broker would both answer.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const readPid = (path: string) => {
  try {
    return Number(readFileSync(path, 'utf8'));
  } catch {
    return NaN; // the owner is between mkdir and writing its pid, or just released
  }
};

/** Waits until no other live test process holds the lock `name`; returns the release. */
export async function holdExclusiveLock(name: string, timeoutMs = 240_000): Promise<() => void> {
  const dir = join(tmpdir(), `patchbay-test-lock-${name.replace(/[^A-Za-z0-9_.-]/g, '_')}`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(join(dir, 'pid'), String(process.pid));
      return () => rmSync(dir, { recursive: true, force: true });
    } catch {
      const owner = readPid(join(dir, 'pid'));
      // A crashed run leaves its lock behind: take it over.
      if (Number.isInteger(owner) && owner > 0 && !isAlive(owner)) rmSync(dir, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`Test process ${owner} has held the lock ${dir} for over ${timeoutMs} ms`);
      // Another process holds it: poll (a lock directory has no change notification to wait on).
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
