/**
 * CPU time spent by the server process and by its PostgreSQL backends, read from /proc (Linux):
 * per-request CPU does not depend on what else runs on the machine, unlike latencies. On PGlite the
 * database runs inside the server process, so the server's figure holds both.
 */
import fs from 'node:fs';
import os from 'node:os';
import type pg from 'pg';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** utime + stime of a process and its threads, in milliseconds; 0 once it has gone. */
export function cpuMsOf(pid: number): number {
  try {
    // The command name may contain spaces: the fields start after its closing parenthesis.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

export interface CpuSample {
  serverMs: number;
  databaseMs: number;
}

/**
 * The last CPU time read of every backend ever seen: a backend that disconnects between two samples
 * (the pool closes idle connections after 10 s) keeps what it had used when last seen, instead of
 * its whole CPU vanishing from the sum. Sample often (`sampleCpuEvery`) to lose little.
 */
const backendCpuMs = new Map<number, number>();

/**
 * Samples the server and, on PostgreSQL, every backend connected to the benchmark's database — only
 * the server's own when `applicationName` is given (its connections' `application_name`), so that
 * someone else's queries on the same database are not counted.
 */
export async function sampleCpu(
  serverPid: number,
  admin: pg.Client | null,
  database: string,
  applicationName: string | null = null,
): Promise<CpuSample> {
  if (admin) {
    const { rows } = await admin.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity
        WHERE datname = $1 AND pid <> pg_backend_pid() AND ($2::text IS NULL OR application_name = $2)`,
      [database, applicationName],
    );
    for (const row of rows) {
      const used = cpuMsOf(row.pid);
      if (used > 0) backendCpuMs.set(row.pid, used);
    }
  }
  let databaseMs = 0;
  for (const used of backendCpuMs.values()) databaseMs += used;
  return { serverMs: cpuMsOf(serverPid), databaseMs };
}

/** Samples every `intervalMs` until the returned function is called. */
export function sampleCpuEvery(
  intervalMs: number,
  serverPid: number,
  admin: pg.Client | null,
  database: string,
  applicationName: string | null = null,
): () => void {
  const timer = setInterval(
    () => void sampleCpu(serverPid, admin, database, applicationName).catch(() => undefined),
    intervalMs,
  );
  return () => clearInterval(timer);
}

export const cpuAvailable = os.platform() === 'linux';
