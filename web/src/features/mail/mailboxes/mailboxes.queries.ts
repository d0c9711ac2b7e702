import { useMutation } from '@tanstack/react-query';
import type {
  CreateMailboxBody,
  Mailbox,
  MailboxTestResult,
  UpdateMailboxBody,
} from '../../../../../contracts/mailboxes.contract';
import { api } from '../../../api/api-client';
import { createResourceHooks, createResourceKeys } from '../../../api/resource-queries';

/** Query keys of the mailboxes (Admin › Mailboxes). */
export const mailboxKeys = createResourceKeys('mail', 'mailboxes');

export type MailboxFilters = { active?: 'true' | 'false' };

const mailboxHooks = createResourceHooks<Mailbox, CreateMailboxBody, UpdateMailboxBody, MailboxFilters>({
  path: '/mailboxes',
  keys: mailboxKeys,
});

export const useMailboxes = mailboxHooks.useList;
export const useMailbox = mailboxHooks.useDetail;
export const useCreateMailbox = mailboxHooks.useCreate;
export const useUpdateMailbox = mailboxHooks.useUpdate;

/** Connects to the mailbox's IMAP server with its saved settings; the answer says what failed. */
export function useTestMailbox(id: string) {
  return useMutation({ mutationFn: () => api.post<MailboxTestResult>(`/mailboxes/${id}/test`) });
}
