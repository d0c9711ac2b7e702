/**
 * The kept raw bytes of accepted messages: bounded in bytes; when full, the next messages to be
 * processed (the oldest) stay and the newcomer is not kept, unless stale entries make room; too
 * large never kept.
 */
import { describe, expect, it } from 'vitest';
import { InboundRawCache } from './inbound-raw-cache.js';

const bytes = (length: number, fill = 'a') => Buffer.alloc(length, fill);
const MINUTE = 60_000;

describe('InboundRawCache', () => {
  it('gives back what was put until it is deleted', () => {
    const cache = new InboundRawCache(1000);
    expect(cache.put('a', bytes(100), 0)).toBe(true);
    expect(cache.get('a')).toEqual(bytes(100));
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
    expect(cache.bytes).toBe(0);
  });

  it('keeps the oldest (processed first) and not the newcomer when the bound would be passed', () => {
    const cache = new InboundRawCache(1000, 5 * MINUTE);
    for (const id of ['a', 'b', 'c', 'd']) cache.put(id, bytes(240), 0);
    expect(cache.put('e', bytes(240), MINUTE)).toBe(false);
    expect(cache.get('e')).toBeUndefined();
    expect(['a', 'b', 'c', 'd'].map((id) => cache.get(id)?.length)).toEqual([240, 240, 240, 240]);
    expect(cache.bytes).toBe(960);
    // Processing the oldest makes room for the next newcomer.
    cache.delete('a');
    expect(cache.put('f', bytes(240), MINUTE)).toBe(true);
    expect(cache.bytes).toBe(960);
  });

  it('lets stale entries go (taken by another node, never processed here) to make room', () => {
    const cache = new InboundRawCache(1000, 5 * MINUTE);
    cache.put('stale', bytes(240), 0);
    cache.put('b', bytes(240), 4 * MINUTE);
    cache.put('c', bytes(240), 4 * MINUTE);
    cache.put('d', bytes(240), 4 * MINUTE);
    expect(cache.put('e', bytes(240), 6 * MINUTE)).toBe(true);
    expect(cache.get('stale')).toBeUndefined();
    expect(['b', 'c', 'd', 'e'].map((id) => cache.get(id)?.length)).toEqual([240, 240, 240, 240]);
    // Still full of entries younger than the maximum age: the next one is not kept.
    expect(cache.put('f', bytes(240), 6 * MINUTE)).toBe(false);
    expect(cache.bytes).toBe(960);
  });

  it('never keeps a message larger than a quarter of the bound, nor the same id twice', () => {
    const cache = new InboundRawCache(1000);
    expect(cache.put('large', bytes(251), 0)).toBe(false);
    expect(cache.get('large')).toBeUndefined();
    cache.put('a', bytes(10, 'x'), 0);
    cache.put('a', bytes(20, 'y'), 0);
    expect(cache.get('a')).toEqual(bytes(10, 'x'));
    expect({ size: cache.size, bytes: cache.bytes }).toEqual({ size: 1, bytes: 10 });
  });
});
