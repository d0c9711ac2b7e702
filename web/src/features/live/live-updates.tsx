import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api } from '../../api/api-client';
import { notificationKeys } from '../notifications/notifications.queries';
import { ticketKeys } from '../tickets/tickets.queries';

/** Someone else on a ticket, as the last presence event said. */
export interface PresenceEntry {
  userId: string;
  name: string;
  state: 'viewing' | 'typing';
  /** When this browser heard it (ms), to let stale entries fade out. */
  heardAt: number;
}

type PresenceByTicket = Record<string, Record<string, PresenceEntry>>;

interface PresenceState {
  presence: PresenceByTicket;
  seed(ticketId: string, entries: { userId: string; name: string; state: 'viewing' | 'typing' }[]): void;
}

const PresenceContext = createContext<PresenceState>({ presence: {}, seed: () => undefined });

/** How long a presence lasts without a new heartbeat (the page sends one every 10 s). */
export const PRESENCE_TTL_MS = 30_000;

interface TicketChanged {
  type: 'ticket.changed';
  ticketId: string;
}
interface PresenceEvent {
  type: 'presence';
  ticketId: string;
  userId: string;
  name: string;
  state: 'viewing' | 'typing' | 'left';
}

/**
 * Listens to the server's live stream (`/api/v1/live`, server-sent events) while someone is signed
 * in: a changed ticket refreshes the screens that show it, presence feeds the collision warning.
 * Events sent while the stream was not connected are lost: every time it connects — the first time
 * too, since the page's first reads race with it — what the screens show is read again. A read that
 * starts after the stream connected cannot miss a change (the server listens before it answers).
 */
export function LiveUpdatesProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [presence, setPresence] = useState<PresenceByTicket>({});

  useEffect(() => {
    const source = new EventSource('/api/v1/live');
    source.onopen = () => {
      void queryClient.invalidateQueries({ queryKey: ticketKeys.all });
      void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
    };
    source.addEventListener('ticket.changed', (message) => {
      const event = JSON.parse((message as MessageEvent<string>).data) as TicketChanged;
      void queryClient.invalidateQueries({ queryKey: ticketKeys.detail(event.ticketId) });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.timeline(event.ticketId) });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.viewCounts() });
      void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
    });
    source.addEventListener('presence', (message) => {
      const event = JSON.parse((message as MessageEvent<string>).data) as PresenceEvent;
      setPresence((current) => {
        const onTicket = { ...current[event.ticketId] };
        if (event.state === 'left') delete onTicket[event.userId];
        else
          onTicket[event.userId] = { userId: event.userId, name: event.name, state: event.state, heardAt: Date.now() };
        return { ...current, [event.ticketId]: onTicket };
      });
    });
    return () => source.close();
  }, [queryClient]);

  const seed = useCallback<PresenceState['seed']>((ticketId, entries) => {
    setPresence((current) => {
      const onTicket = { ...current[ticketId] };
      for (const entry of entries) onTicket[entry.userId] ??= { ...entry, heardAt: Date.now() };
      return { ...current, [ticketId]: onTicket };
    });
  }, []);
  const value = useMemo(() => ({ presence, seed }), [presence, seed]);

  return <PresenceContext.Provider value={value}>{children}</PresenceContext.Provider>;
}

/** Other people currently on this ticket (entries older than the TTL are left out). */
export function usePresenceOn(ticketId: string): PresenceEntry[] {
  const { presence, seed } = useContext(PresenceContext);
  // Who was already there before this page opened; later changes arrive as events.
  useEffect(() => {
    let cancelled = false;
    void api
      .get<{ items: { userId: string; name: string; state: 'viewing' | 'typing' }[] }>(`/tickets/${ticketId}/presence`)
      .then((answer) => {
        if (!cancelled) seed(ticketId, answer.items);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [seed, ticketId]);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 5_000);
    return () => clearInterval(timer);
  }, []);
  return useMemo(
    () => Object.values(presence[ticketId] ?? {}).filter((entry) => now - entry.heardAt < PRESENCE_TTL_MS),
    [presence, ticketId, now],
  );
}
