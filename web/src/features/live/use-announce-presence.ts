import { useCallback, useEffect, useRef } from 'react';
import { api } from '../../api/api-client';

const HEARTBEAT_MS = 10_000;
const TYPING_THROTTLE_MS = 3_000;

/**
 * Tells colleagues that this agent has the ticket open (a heartbeat every 10 s, "left" when the page
 * closes), and returns a function to call while typing — throttled, so a keystroke is not a request.
 */
export function useAnnouncePresence(ticketId: string, enabled: boolean): () => void {
  const lastTyping = useRef(0);
  const announce = useCallback(
    (state: 'viewing' | 'typing' | 'left') =>
      api.post(`/tickets/${ticketId}/presence`, { state }).catch(() => undefined),
    [ticketId],
  );

  useEffect(() => {
    if (!enabled) return undefined;
    void announce('viewing');
    const timer = setInterval(() => void announce('viewing'), HEARTBEAT_MS);
    return () => {
      clearInterval(timer);
      void announce('left');
    };
  }, [announce, enabled]);

  return useCallback(() => {
    if (!enabled || Date.now() - lastTyping.current < TYPING_THROTTLE_MS) return;
    lastTyping.current = Date.now();
    void announce('typing');
  }, [announce, enabled]);
}
