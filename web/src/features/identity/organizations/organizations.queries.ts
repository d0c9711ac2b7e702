import type {
  CreateOrganizationBody,
  Organization,
  UpdateOrganizationBody,
} from '../../../../../contracts/identity.contract';
import { createResourceHooks, createResourceKeys } from '../../../api/resource-queries';
import { contactKeys } from '../contacts/contacts.queries';

export const organizationKeys = createResourceKeys('identity', 'organizations');

export type OrganizationFilters = {
  q?: string;
  active?: 'true' | 'false';
};

const organizationHooks = createResourceHooks<
  Organization,
  CreateOrganizationBody,
  UpdateOrganizationBody,
  OrganizationFilters
>({
  path: '/organizations',
  keys: organizationKeys,
  // Contacts show their organisation's name and its defaults (effective language and channel).
  relatedKeys: () => [contactKeys.all],
});

export const useOrganizations = organizationHooks.useList;
export const useOrganization = organizationHooks.useDetail;
export const useCreateOrganization = organizationHooks.useCreate;
export const useUpdateOrganization = organizationHooks.useUpdate;
