import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';

/** Where a benchmark ran, for the JSON results and bench/README.md. */
export interface MachineInfo {
  node: string;
  cpus: number;
  cpuModel: string;
  memGb: number;
  uname: string;
  /** 1, 5 and 15 minute load averages when the run ended: a busy machine slows wall times. */
  loadavg: number[];
}

export function machineInfo(): MachineInfo {
  let uname = `${process.platform} ${process.arch}`;
  try {
    uname = execFileSync('uname', ['-a'], { encoding: 'utf8' }).trim();
  } catch {
    // not a Unix: keep platform and arch
  }
  return {
    node: process.version,
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memGb: Math.round(totalmem() / 2 ** 30),
    uname,
    loadavg: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}
