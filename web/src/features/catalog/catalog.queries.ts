import type {
  Category,
  CreateCategoryBody,
  CreateServiceBody,
  Service,
  UpdateCategoryBody,
  UpdateServiceBody,
} from '../../../../contracts/catalog.contract';
import { createResourceHooks, createResourceKeys } from '../../api/resource-queries';

/** Query keys of the catalog: services and their categories. */
export const serviceKeys = createResourceKeys('catalog', 'services');
export const categoryKeys = createResourceKeys('catalog', 'categories');

export type CatalogFilters = {
  q?: string;
  active?: 'true' | 'false';
  /** Categories only: those of this service. */
  serviceId?: string;
};

const serviceHooks = createResourceHooks<Service, CreateServiceBody, UpdateServiceBody, CatalogFilters>({
  path: '/services',
  keys: serviceKeys,
  // Categories show the name of their service.
  relatedKeys: () => [categoryKeys.all],
});

const categoryHooks = createResourceHooks<Category, CreateCategoryBody, UpdateCategoryBody, CatalogFilters>({
  path: '/categories',
  keys: categoryKeys,
});

export const useServices = serviceHooks.useList;
export const useEveryService = serviceHooks.useEvery;
export const useService = serviceHooks.useDetail;
export const useCreateService = serviceHooks.useCreate;
export const useUpdateService = serviceHooks.useUpdate;

export const useCategories = categoryHooks.useList;
export const useEveryCategory = categoryHooks.useEvery;
export const useCategory = categoryHooks.useDetail;
export const useCreateCategory = categoryHooks.useCreate;
export const useUpdateCategory = categoryHooks.useUpdate;
