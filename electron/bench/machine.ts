// The machine the numbers were measured on.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { MachineInfo } from './report';

function distribution(): string | undefined {
  try {
    return /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

export function describeMachine(): MachineInfo {
  return {
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: os.availableParallelism(),
    memoryGiB: os.totalmem() / 1024 ** 3,
    nodeVersion: process.versions.node,
    os: [distribution(), `${os.type()} ${os.release()} ${os.arch()}`].filter(Boolean).join(', '),
  };
}
