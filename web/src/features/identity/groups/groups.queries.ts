import type { CreateGroupBody, Group, UpdateGroupBody } from '../../../../../contracts/identity.contract';
import { createResourceHooks, createResourceKeys } from '../../../api/resource-queries';
import { userKeys } from '../users/users.queries';

export const groupKeys = createResourceKeys('identity', 'groups');

export type GroupFilters = {
  q?: string;
  active?: 'true' | 'false';
  supportLevel?: '1' | '2';
};

const groupHooks = createResourceHooks<Group, CreateGroupBody, UpdateGroupBody, GroupFilters>({
  path: '/groups',
  keys: groupKeys,
  // Members of a group are the users' groupIds seen from the other side.
  relatedKeys: () => [userKeys.all],
});

export const useGroups = groupHooks.useList;
export const useEveryGroup = groupHooks.useEvery;
export const useGroup = groupHooks.useDetail;
export const useCreateGroup = groupHooks.useCreate;
export const useUpdateGroup = groupHooks.useUpdate;
