/**
 * The raw bytes of messages this node just accepted, kept in memory until it processes them
 * (ADR 0007 §1). The stored row stays the only truth: a message is acknowledged only once it is
 * committed, and whatever is not found here (not kept, another node accepted it, the process
 * restarted, a re-process) is read back from `inbound_emails`. What this saves is reading every
 * message back right after writing it: the largest part of a message's database traffic, since
 * `bytea` comes back hex-encoded (twice its size) and is decoded again here.
 *
 * Safe because the raw bytes of a stored message never change, and an entry is only put after the
 * message's transaction committed.
 *
 * When full, the cache keeps what it has and does not keep the newcomer: messages are processed
 * in the order they arrived, so the oldest entries are the next ones read. Letting the oldest go
 * instead (as it did first) made a backlog larger than the bound miss almost every message: each
 * newcomer pushed out the one about to be processed, and the benchmark read 47 % of its messages
 * back (docs/PERFORMANCE.md, mail-cpu2). Only entries older than `RAW_CACHE_MAX_AGE_MS` go to make
 * room: a message another node processed, or one that failed to be picked up, must not hold the
 * space for ever.
 */

/** A bound on memory: a backlog larger than this is read back. */
export const RAW_CACHE_BYTES = 64 * 2 ** 20;

/** An entry older than this is let go when room is needed (no job of this node is coming for it). */
export const RAW_CACHE_MAX_AGE_MS = 5 * 60_000;

interface Entry {
  raw: Buffer;
  /** When it was put (milliseconds since the epoch, from the caller's clock). */
  keptAt: number;
}

export class InboundRawCache {
  readonly #entries = new Map<string, Entry>();
  readonly #limit: number;
  readonly #maxAgeMs: number;
  #bytes = 0;

  constructor(limitBytes = RAW_CACHE_BYTES, maxAgeMs = RAW_CACHE_MAX_AGE_MS) {
    this.#limit = limitBytes;
    this.#maxAgeMs = maxAgeMs;
  }

  /**
   * Keeps `raw` for the stored message `id`, put at `now` (ms). Not kept: a message larger than a
   * quarter of the bound, an id already kept, or one that does not fit once the entries older than
   * the maximum age are gone. Returns whether it was kept.
   */
  put(id: string, raw: Buffer, now: number): boolean {
    if (raw.length > this.#limit / 4 || this.#entries.has(id)) return false;
    if (this.#bytes + raw.length > this.#limit) {
      // Entries are in the order they were put: the stale ones are at the front.
      for (const [oldest, entry] of this.#entries) {
        if (now - entry.keptAt <= this.#maxAgeMs) break;
        this.#entries.delete(oldest);
        this.#bytes -= entry.raw.length;
      }
      if (this.#bytes + raw.length > this.#limit) return false;
    }
    this.#entries.set(id, { raw, keptAt: now });
    this.#bytes += raw.length;
    return true;
  }

  get(id: string): Buffer | undefined {
    return this.#entries.get(id)?.raw;
  }

  /** Once the message is applied, ignored or failed: it will not be processed again from here. */
  delete(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    this.#entries.delete(id);
    this.#bytes -= entry.raw.length;
  }

  get size(): number {
    return this.#entries.size;
  }

  get bytes(): number {
    return this.#bytes;
  }
}
