import { useMutation } from '@tanstack/react-query';
import type { CreateUserBody, StaffRole, UpdateUserBody, User } from '../../../../../contracts/identity.contract';
import { api } from '../../../api/api-client';
import { createResourceHooks, createResourceKeys } from '../../../api/resource-queries';
import { groupKeys } from '../groups/groups.queries';

export const userKeys = createResourceKeys('identity', 'users');

export type UserFilters = {
  q?: string;
  active?: 'true' | 'false';
  role?: StaffRole;
  groupId?: string;
};

const userHooks = createResourceHooks<User, CreateUserBody, UpdateUserBody, UserFilters>({
  path: '/users',
  keys: userKeys,
  // A user's groups are the groups' members seen from the other side.
  relatedKeys: () => [groupKeys.all],
});

export const useUsers = userHooks.useList;
export const useEveryUser = userHooks.useEvery;
export const useUser = userHooks.useDetail;
export const useCreateUser = userHooks.useCreate;
export const useUpdateUser = userHooks.useUpdate;

/** Emails a new one-time link to choose a password (202, nothing to read back). */
export function useSendUserInvitation(userId: string) {
  return useMutation({ mutationFn: () => api.post(`/users/${userId}/invitations`) });
}
