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
