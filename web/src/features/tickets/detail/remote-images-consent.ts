import { useState } from 'react';
import { useSession } from '../../identity/auth/auth.queries';

/**
 * The emails whose remote images the viewer chose to see ("Mostra immagini", ADR 0010), kept in
 * localStorage per account, so a reload or another visit shows them again without asking. Only
 * message ids are kept, newest last, at most `REMEMBERED_MESSAGES` of them; nothing is shared
 * with other accounts on the same browser.
 */
export const REMEMBERED_MESSAGES = 500;

export const remoteImagesStorageKey = (accountId: string) => `sportello.remote-images.${accountId}`;

function readConsents(storageKey: string): string[] {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(storageKey) ?? '[]');
    return Array.isArray(stored) ? stored.filter((entry): entry is string => typeof entry === 'string') : [];
  } catch {
    return []; // unreadable or unavailable storage: ask again, never show without consent
  }
}

function writeConsent(storageKey: string, messageId: string): void {
  try {
    const kept = readConsents(storageKey).filter((entry) => entry !== messageId);
    localStorage.setItem(storageKey, JSON.stringify([...kept, messageId].slice(-REMEMBERED_MESSAGES)));
  } catch {
    // Storage full or disabled: the images show until the page is left.
  }
}

/** Whether the viewer consented to this message's remote images, and how to consent. */
export function useRemoteImagesConsent(messageId: string): { allowed: boolean; allow: () => void } {
  const accountId = useSession().data?.account.id ?? null;
  const storageKey = accountId ? remoteImagesStorageKey(accountId) : null;
  const [allowedNow, setAllowedNow] = useState(false);
  const remembered = storageKey !== null && readConsents(storageKey).includes(messageId);
  return {
    allowed: allowedNow || remembered,
    allow: () => {
      if (storageKey) writeConsent(storageKey, messageId);
      setAllowedNow(true);
    },
  };
}
