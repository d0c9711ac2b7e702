import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from './notify';
import { useEditableRecord } from './use-editable-record';

/** Deactivating or reactivating a record is an update that sends only these two fields. */
interface ActiveChange {
  version: number;
  active: boolean;
}

/**
 * The update mutation of a directory resource (`createResourceHooks(…).useUpdate`): a PATCH that
 * carries the version read and answers with the saved record. Its body must accept `ActiveChange`.
 */
export interface VersionedUpdate<T, Body> {
  mutateAsync: (body: Body) => Promise<T>;
  mutate: (body: ActiveChange, options: { onSuccess: (saved: T) => void }) => void;
  reset: () => void;
  error: unknown;
  isPending: boolean;
}

/**
 * The load → edit → save flow of a record's page, for records that have a `version` and can be
 * deactivated (users, groups, organisations, contacts, and any resource built the same way).
 * It works on the copy `useEditableRecord` keeps, so a save sends the version the person read and
 * a concurrent change comes back as a 409; `reload` then clears the error and takes the current
 * record. Draw the page with `EditPageLayout`, which wires `error`, `reload` and `setActive`.
 */
export function useResourceEditor<T extends { id: string; version: number; active: boolean }, Body>(
  query: UseQueryResult<T>,
  update: VersionedUpdate<T, Body>,
) {
  const { t } = useTranslation();
  const editable = useEditableRecord(query);
  const record = editable.record;

  /** The form's save: the body carries the version; the answer becomes the record edited next. */
  const save = async (body: Body) => {
    editable.adopt(await update.mutateAsync(body));
    notifySuccess(t('common.saved'));
  };
  const setActive = (active: boolean) => {
    if (!record) return;
    update.mutate(
      { version: record.version, active },
      {
        onSuccess: (saved) => {
          editable.adopt(saved);
          notifySuccess(active ? t('common.reactivated') : t('common.deactivated'));
        },
      },
    );
  };
  const reload = async () => {
    update.reset();
    await editable.reload();
  };

  return {
    query,
    record,
    /** Key the form with it, so that it starts again from the record after a save or a reload. */
    formKey: editable.formKey,
    save,
    setActive,
    reload,
    error: update.error,
    isPending: update.isPending,
  };
}

export type ResourceEditor = Pick<ReturnType<typeof useResourceEditor>, 'setActive' | 'reload' | 'error' | 'isPending'>;
