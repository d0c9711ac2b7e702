import { useMutation } from '@tanstack/react-query';
import type { Contact, CreateContactBody, UpdateContactBody } from '../../../../../contracts/identity.contract';
import { api } from '../../../api/api-client';
import { createResourceHooks, createResourceKeys } from '../../../api/resource-queries';
import { organizationKeys } from '../organizations/organizations.queries';

export const contactKeys = createResourceKeys('identity', 'contacts');

export type ContactFilters = {
  q?: string;
  organizationId?: string;
  active?: 'true' | 'false';
};

const contactHooks = createResourceHooks<Contact, CreateContactBody, UpdateContactBody, ContactFilters>({
  path: '/contacts',
  keys: contactKeys,
  // Organisations count their contacts.
  relatedKeys: () => [organizationKeys.all],
});

export const useContacts = contactHooks.useList;
export const useContact = contactHooks.useDetail;
export const useCreateContact = contactHooks.useCreate;
export const useUpdateContact = contactHooks.useUpdate;

/** Emails the contact a one-time link to set a portal password (202). */
export function useSendContactInvitation(contactId: string) {
  return useMutation({ mutationFn: () => api.post(`/contacts/${contactId}/invitations`) });
}
