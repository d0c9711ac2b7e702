/** The kept raw bytes of accepted messages: bounded in bytes, oldest out first, too large never kept. */
import { describe, expect, it } from 'vitest';
import { InboundRawCache } from './inbound-raw-cache.js';

const bytes = (length: number, fill = 'a') => Buffer.alloc(length, fill);

describe('InboundRawCache', () => {
  it('gives back what was put until it is deleted', () => {
    const cache = new InboundRawCache(1000);
    cache.put('a', bytes(100));
    expect(cache.get('a')).toEqual(bytes(100));
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
    expect(cache.bytes).toBe(0);
  });

  it('lets the oldest go when the bound would be passed', () => {
    const cache = new InboundRawCache(1000);
    for (const id of ['a', 'b', 'c', 'd']) cache.put(id, bytes(240));
    cache.put('e', bytes(240));
    expect(cache.get('a')).toBeUndefined();
    expect(['b', 'c', 'd', 'e'].map((id) => cache.get(id)?.length)).toEqual([240, 240, 240, 240]);
    expect(cache.bytes).toBe(960);
  });

  it('never keeps a message larger than a quarter of the bound, nor the same id twice', () => {
    const cache = new InboundRawCache(1000);
    cache.put('large', bytes(251));
    expect(cache.get('large')).toBeUndefined();
    cache.put('a', bytes(10, 'x'));
    cache.put('a', bytes(20, 'y'));
    expect(cache.get('a')).toEqual(bytes(10, 'x'));
    expect({ size: cache.size, bytes: cache.bytes }).toEqual({ size: 1, bytes: 10 });
  });
});
