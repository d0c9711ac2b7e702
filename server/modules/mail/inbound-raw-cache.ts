/**
 * The raw bytes of messages this node just accepted, kept in memory until it processes them
 * (ADR 0007 §1). The stored row stays the only truth: a message is acknowledged only once it is
 * committed, and whatever is not found here (evicted, another node accepted it, the process
 * restarted, a re-process) is read back from `inbound_emails`. What this saves is reading every
 * message back right after writing it: the largest part of a message's database traffic, since
 * `bytea` comes back hex-encoded (twice its size) and is decoded again here.
 *
 * Safe because the raw bytes of a stored message never change, and an entry is only put after the
 * message's transaction committed.
 */

/** A bound on memory: the oldest entries go first (a backlog larger than this is read back). */
export const RAW_CACHE_BYTES = 64 * 2 ** 20;

export class InboundRawCache {
  readonly #entries = new Map<string, Buffer>();
  readonly #limit: number;
  #bytes = 0;

  constructor(limitBytes = RAW_CACHE_BYTES) {
    this.#limit = limitBytes;
  }

  /** Keeps `raw` for the stored message `id`; a message larger than a quarter of the bound is not kept. */
  put(id: string, raw: Buffer): void {
    if (raw.length > this.#limit / 4 || this.#entries.has(id)) return;
    for (const [oldest, bytes] of this.#entries) {
      if (this.#bytes + raw.length <= this.#limit) break;
      this.#entries.delete(oldest);
      this.#bytes -= bytes.length;
    }
    this.#entries.set(id, raw);
    this.#bytes += raw.length;
  }

  get(id: string): Buffer | undefined {
    return this.#entries.get(id);
  }

  /** Once the message is applied, ignored or failed: it will not be processed again from here. */
  delete(id: string): void {
    const raw = this.#entries.get(id);
    if (!raw) return;
    this.#entries.delete(id);
    this.#bytes -= raw.length;
  }

  get size(): number {
    return this.#entries.size;
  }

  get bytes(): number {
    return this.#bytes;
  }
}
