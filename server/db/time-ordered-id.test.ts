import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { timeOrderedUuid } from './time-ordered-id.js';

describe('timeOrderedUuid', () => {
  it('is a version 7 UUID with the time in its first 48 bits', () => {
    const id = timeOrderedUuid(Date.UTC(2026, 11, 7, 17, 20));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBe(Date.UTC(2026, 11, 7, 17, 20));
    expect(z.uuid().safeParse(id).success).toBe(true);
  });

  it('orders keys by time, and keys of one millisecond are distinct', () => {
    const earlier = timeOrderedUuid(1_000_000);
    const later = timeOrderedUuid(1_000_001);
    expect(earlier < later).toBe(true);
    const same = new Set(Array.from({ length: 1000 }, () => timeOrderedUuid(1_000_000)));
    expect(same.size).toBe(1000);
  });
});
