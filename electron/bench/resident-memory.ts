// Resident memory of a process (the engine behind `patchbay web`), as the UI benchmark watches it.
import { readFileSync } from 'node:fs';

/** Resident memory of a process in MB (VmRSS in /proc/<pid>/status, which counts KiB); undefined once it is gone. */
function residentMB(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? (Number(match[1]) * 1024) / 1e6 : undefined;
  } catch {
    return undefined;
  }
}

/** Samples a process's resident memory until stopped; returns the peak. */
export function watchResidentMemory(pid: number, intervalMs = 250): { peakMB(): number; stop(): void } {
  let peak = residentMB(pid) ?? 0;
  const timer = setInterval(() => (peak = Math.max(peak, residentMB(pid) ?? 0)), intervalMs);
  return { peakMB: () => peak, stop: () => clearInterval(timer) };
}
