import { useEffect, useState } from 'react';
import { elapsedMinutesRoundedUp } from './worked-time';

/**
 * A work timer kept in localStorage, one per account and ticket: what is stored is the instant it
 * was started (and the time gathered before a pause), so it keeps running while the agent moves to
 * other screens, reloads, or closes the tab, and another tab sees the same timer.
 */
interface StoredTimer {
  /** Epoch milliseconds of the last Start, null while paused. */
  startedAt: number | null;
  /** Time gathered before the last pause. */
  elapsedBeforeMs: number;
}

const stopped: StoredTimer = { startedAt: null, elapsedBeforeMs: 0 };

export const workTimerStorageKey = (accountId: string, ticketId: string) =>
  `sportello.work-timer.${accountId}.${ticketId}`;

function readTimer(storageKey: string): StoredTimer {
  try {
    const stored = JSON.parse(localStorage.getItem(storageKey) ?? 'null') as Partial<StoredTimer> | null;
    if (!stored) return stopped;
    return {
      startedAt: typeof stored.startedAt === 'number' ? stored.startedAt : null,
      elapsedBeforeMs: typeof stored.elapsedBeforeMs === 'number' ? Math.max(0, stored.elapsedBeforeMs) : 0,
    };
  } catch {
    return stopped; // unreadable or unavailable storage: no timer, rather than a broken panel
  }
}

function writeTimer(storageKey: string, timer: StoredTimer): void {
  try {
    if (timer.startedAt === null && timer.elapsedBeforeMs === 0) localStorage.removeItem(storageKey);
    else localStorage.setItem(storageKey, JSON.stringify(timer));
  } catch {
    // Storage full or disabled: the timer still works until the page is left.
  }
}

const elapsedAt = (timer: StoredTimer, now: number) =>
  timer.elapsedBeforeMs + (timer.startedAt === null ? 0 : Math.max(0, now - timer.startedAt));

export function useWorkTimer(storageKey: string) {
  const [timer, setTimer] = useState(() => readTimer(storageKey));
  const [now, setNow] = useState(() => Date.now());
  const running = timer.startedAt !== null;

  // Ticks once a second while running, for the display.
  useEffect(() => {
    if (!running) return;
    const interval = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(interval);
  }, [running]);

  // Another tab started, paused or stopped the same timer.
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key !== storageKey) return;
      setTimer(readTimer(storageKey));
      setNow(Date.now());
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [storageKey]);

  const save = (next: StoredTimer) => {
    writeTimer(storageKey, next);
    setTimer(next);
    setNow(Date.now());
  };

  const elapsedMs = elapsedAt(timer, now);
  return {
    running,
    /** Started at least once and not stopped yet (running or paused). */
    active: running || timer.elapsedBeforeMs > 0,
    elapsedMs,
    start: () => {
      const current = readTimer(storageKey);
      if (current.startedAt === null) save({ ...current, startedAt: Date.now() });
    },
    pause: () => {
      const current = readTimer(storageKey);
      if (current.startedAt !== null) save({ startedAt: null, elapsedBeforeMs: elapsedAt(current, Date.now()) });
    },
    /** Ends the timer and answers the minutes worked, rounded up to the minute. */
    stop: (): number => {
      const minutes = elapsedMinutesRoundedUp(elapsedAt(readTimer(storageKey), Date.now()));
      save(stopped);
      return minutes;
    },
  };
}
