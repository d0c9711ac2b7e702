/**
 * The PostgreSQL bus batches events into NOTIFYs (createNotifyBatcher): a lone event goes at once,
 * events published during a NOTIFY go together in the next one, in order, never past the payload
 * limit, and a failed NOTIFY fails only its own events.
 */
import { describe, expect, it } from 'vitest';
import { createNotifyBatcher } from './live-bus.js';

/** A NOTIFY that completes when the test says so, recording each payload. */
function controlledNotify() {
  const payloads: string[] = [];
  const pending: { resolve: () => void; reject: (error: Error) => void }[] = [];
  return {
    payloads,
    notify: (payload: string) =>
      new Promise<void>((resolve, reject) => {
        payloads.push(payload);
        pending.push({ resolve, reject });
      }),
    complete: () => pending.shift()!.resolve(),
    fail: (error: Error) => pending.shift()!.reject(error),
  };
}

const event = (n: number, padding = '') => JSON.stringify({ type: 'ticket.changed', ticketId: `t${n}`, padding });

describe('NOTIFY batches of live events', () => {
  it('sends a lone event at once, and those published meanwhile together in the next NOTIFY', async () => {
    const control = controlledNotify();
    const batcher = createNotifyBatcher(control.notify);
    const first = batcher.send(event(1));
    expect(control.payloads).toEqual([`[${event(1)}]`]);
    const later = [batcher.send(event(2)), batcher.send(event(3))];
    expect(control.payloads).toHaveLength(1);
    control.complete();
    await first;
    expect(control.payloads[1]).toBe(`[${event(2)},${event(3)}]`);
    expect(JSON.parse(control.payloads[1]!).map((item: { ticketId: string }) => item.ticketId)).toEqual(['t2', 't3']);
    control.complete();
    await Promise.all(later);
  });

  it('splits what waits into payloads under the NOTIFY limit', async () => {
    const control = controlledNotify();
    const batcher = createNotifyBatcher(control.notify);
    const sends = [batcher.send(event(0))];
    for (let n = 1; n <= 20; n += 1) sends.push(batcher.send(event(n, 'x'.repeat(900))));
    for (let sent = 0; sent < 5 && control.payloads.length > sent; sent += 1) {
      control.complete();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(sends);
    const delivered = control.payloads.flatMap((payload) => JSON.parse(payload) as { ticketId: string }[]);
    expect(delivered.map((item) => item.ticketId)).toEqual(Array.from({ length: 21 }, (_, n) => `t${n}`));
    expect(control.payloads.length).toBeGreaterThan(2);
    expect(Math.max(...control.payloads.map((payload) => Buffer.byteLength(payload)))).toBeLessThanOrEqual(7000);
  });

  it('fails the events of a failed NOTIFY only, and goes on with the next', async () => {
    const control = controlledNotify();
    const batcher = createNotifyBatcher(control.notify);
    const first = batcher.send(event(1));
    const second = batcher.send(event(2));
    control.fail(new Error('connection lost'));
    await expect(first).rejects.toThrow('connection lost');
    control.complete();
    await expect(second).resolves.toBeUndefined();
    expect(control.payloads).toEqual([`[${event(1)}]`, `[${event(2)}]`]);
  });
});
