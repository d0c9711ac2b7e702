import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import type { Page } from '../../../contracts/common.contract';
import { api, type QueryParameters } from './api-client';
import { fetchAllPages, maximumPageSize } from './pagination';

/**
 * Query keys of one API resource, from one factory (STYLE.md, front end): `[module, resource, …]`,
 * so invalidating `all` refreshes every list and detail of the resource at once.
 */
export function createResourceKeys(module: string, resource: string) {
  const all = [module, resource] as const;
  return {
    all,
    lists: () => [...all, 'list'] as const,
    list: (filters: QueryParameters) => [...all, 'list', filters] as const,
    everyItems: () => [...all, 'every'] as const,
    every: (filters: QueryParameters) => [...all, 'every', filters] as const,
    detail: (id: string) => [...all, 'detail', id] as const,
  };
}
export type ResourceKeys = ReturnType<typeof createResourceKeys>;

interface ResourceConfig {
  /** API path of the collection, e.g. `/users`. */
  path: string;
  keys: ResourceKeys;
  /** Other resources whose lists show data this one changes (group members ↔ user groups). */
  relatedKeys?: () => QueryKey[];
}

/**
 * The read and write hooks every directory resource needs (users, groups, organisations, contacts):
 * a page of the list, the whole list for pickers, one record, create, and update by version.
 */
export function createResourceHooks<
  Item extends { id: string },
  CreateBody,
  UpdateBody,
  Filters extends QueryParameters,
>(config: ResourceConfig) {
  const { path, keys } = config;

  function useRefreshAfterWrite() {
    const queryClient = useQueryClient();
    return (saved: Item) => {
      queryClient.setQueryData(keys.detail(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: keys.lists() });
      void queryClient.invalidateQueries({ queryKey: keys.everyItems() });
      for (const related of config.relatedKeys?.() ?? []) void queryClient.invalidateQueries({ queryKey: related });
    };
  }

  return {
    /** One page of the list; the previous page stays on screen while the next one loads. */
    useList(filters: Filters & { cursor?: string; limit: number }) {
      return useQuery({
        queryKey: keys.list(filters),
        queryFn: ({ signal }) => api.get<Page<Item>>(path, { query: filters, signal }),
        placeholderData: keepPreviousData,
      });
    },

    /** Every record matching the filters (all pages): for pickers and the team report. */
    useEvery(filters: Filters, options: { enabled?: boolean } = {}) {
      return useQuery({
        queryKey: keys.every(filters),
        queryFn: ({ signal }) =>
          fetchAllPages((cursor) =>
            api.get<Page<Item>>(path, { query: { ...filters, limit: maximumPageSize, cursor }, signal }),
          ),
        enabled: options.enabled ?? true,
      });
    },

    useDetail(id: string) {
      return useQuery({
        queryKey: keys.detail(id),
        queryFn: ({ signal }) => api.get<Item>(`${path}/${id}`, { signal }),
      });
    },

    useCreate() {
      const refresh = useRefreshAfterWrite();
      return useMutation({
        mutationFn: (body: CreateBody) => api.post<Item>(path, body),
        onSuccess: refresh,
      });
    },

    /** PATCH with the version read: a stale one fails with 409 and is never retried or forced. */
    useUpdate(id: string) {
      const refresh = useRefreshAfterWrite();
      return useMutation({
        mutationFn: (body: UpdateBody) => api.patch<Item>(`${path}/${id}`, body),
        onSuccess: refresh,
      });
    },
  };
}
