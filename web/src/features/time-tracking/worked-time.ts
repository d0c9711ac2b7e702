/** Durations as agents read and type them: "h:mm" (1:30), or minutes (90), or 1h30 / 45m. */

/** 90 → "1:30"; 5 → "0:05"; 1500 → "25:00". */
export function formatMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  return `${hours}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * The minutes of a typed duration, or null when it is not one: "1:30" and "1h30" are 90, "90" and
 * "90m" are 90, "2h" is 120. Minutes after a colon must be 0–59.
 */
export function parseDuration(text: string): number | null {
  const value = text.trim().toLowerCase().replace(/\s+/g, '');
  const hoursAndMinutes = /^(\d{1,2})(?::|h)(\d{2})m?$/.exec(value) ?? /^(\d{1,2})h$/.exec(value);
  if (hoursAndMinutes) {
    const minutes = Number(hoursAndMinutes[2] ?? 0);
    if (minutes > 59) return null;
    return Number(hoursAndMinutes[1]) * 60 + minutes;
  }
  const onlyMinutes = /^(\d{1,4})m?$/.exec(value);
  return onlyMinutes ? Number(onlyMinutes[1]) : null;
}

/** A running timer's elapsed time, in whole minutes rounded up: 1 s of work is 1 minute logged. */
export function elapsedMinutesRoundedUp(elapsedMilliseconds: number): number {
  return Math.max(1, Math.ceil(elapsedMilliseconds / 60_000));
}

/** 3725 s → "1:02:05", for the running timer. */
export function formatElapsed(elapsedMilliseconds: number): string {
  const totalSeconds = Math.floor(elapsedMilliseconds / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  return `${hours}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
}
