import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Runs a request function `count` times with a fixed number in flight and collects latencies. */
export interface Measurement {
  latenciesMs: number[];
  wallMs: number;
}

export interface Summary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  perSecond: number;
}

export async function measure(
  count: number,
  concurrency: number,
  call: (index: number) => Promise<unknown>,
): Promise<Measurement> {
  const latenciesMs: number[] = [];
  let next = 0;
  const began = performance.now();
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const start = performance.now();
      await call(index);
      latenciesMs.push(performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { latenciesMs, wallMs: performance.now() - began };
}

function percentile(sorted: number[], fraction: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, index)]! * 10) / 10;
}

export function summarize({ latenciesMs, wallMs }: Measurement): Summary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    perSecond: Math.round((sorted.length / wallMs) * 1000),
  };
}

/**
 * What the measured server's environment needs for `--cpu-profile DIR` (cpu-profile.mjs preloaded,
 * the profile written to DIR) and `--node-options` (more NODE_OPTIONS: `--perf-basic-prof` lets
 * `perf record -p PID` name JavaScript frames).
 */
export function serverProfiling(profileDirectory: string | null, nodeOptions: string | undefined) {
  const preload = profileDirectory ? `--import=${path.join(import.meta.dirname, 'cpu-profile.mjs')}` : '';
  const options = [preload, nodeOptions ?? ''].join(' ').trim();
  return {
    ...(profileDirectory ? { SPORTELLO_BENCH_CPU_PROFILE_DIR: profileDirectory } : {}),
    ...(options ? { NODE_OPTIONS: options } : {}),
  };
}

/**
 * A fixed single-threaded workload — SHA-256 of 32 MiB, then 20,000 JSON round trips of a
 * ticket-sized object — best of five, in milliseconds. Printed with every result so that runs on
 * different machines (or on one machine whose host is busy) can be told apart: the same code gives
 * other rates on a slower core.
 */
export function calibrationMs(): number {
  const block = Buffer.alloc(32 * 2 ** 20, 7);
  const ticket = { id: 'a'.repeat(36), subject: 'Stampante', tags: ['x', 'y'], status: { id: 1, name: 'Aperto' } };
  let best = Infinity;
  for (let round = 0; round < 5; round += 1) {
    const started = performance.now();
    createHash('sha256').update(block).digest();
    for (let index = 0; index < 20_000; index += 1) JSON.parse(JSON.stringify({ ...ticket, index }));
    best = Math.min(best, performance.now() - started);
  }
  return Math.round(best);
}

/** The machine's CPU times (Linux /proc/stat, all cores, in ticks): for the share stolen by the host. */
export function machineCpuTicks(): { steal: number; total: number } {
  try {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    return { steal: fields[7] ?? 0, total: fields.slice(0, 8).reduce((sum, value) => sum + value, 0) };
  } catch {
    return { steal: 0, total: 0 };
  }
}

/**
 * `machine: 2 × <CPU model>, 24 GiB, calibration 123 ms (measure.ts), CPU stolen by the host during the
 * run 1.2 %`: the share stolen since `since` (`machineCpuTicks` at the run's start).
 */
export function machineLine(calibration: number, since: { steal: number; total: number }): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const now = machineCpuTicks();
  const total = now.total - since.total;
  const steal = total > 0 ? `${(((now.steal - since.steal) / total) * 100).toFixed(1)} %` : 'unknown';
  return `machine: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, calibration ${calibration} ms (measure.ts), CPU stolen by the host during the run ${steal}`;
}
