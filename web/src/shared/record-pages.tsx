import { Button, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiErrorAlert } from './api-error-alert';
import { BackLink } from './back-link';
import { ConfirmButton } from './confirm-button';
import { notifySuccess } from './notify';
import { PageHeader } from './page-header';
import type { ResourceEditor } from './use-resource-editor';

interface EditPageLayoutProps {
  /** From `useResourceEditor`: its update error (409 → reload) and deactivate/reactivate. */
  editor: ResourceEditor;
  /** Whether the record is active: offers Deactivate (after a confirmation) or Reactivate. */
  active: boolean;
  backLabel: string;
  title: string;
  description?: string;
  /** The dialog that confirms a deactivation, naming the record and what it changes. */
  deactivateConfirm: { title: string; message: string };
  /** Header buttons of this kind of record, shown before Deactivate/Reactivate. */
  actions?: ReactNode;
  /** What the record is at a glance (badges, facts), above the error banner. */
  summary: ReactNode;
  /** The form, and the error banners of this record's other actions above it. */
  children: ReactNode;
}

/**
 * The page of one deactivatable record: back to the list, header with its actions, summary,
 * the save error (a 409 offers a reload), then the form. Pair it with `useResourceEditor`; render
 * it once the record is loaded (`QueryState` before that).
 */
export function EditPageLayout(props: EditPageLayoutProps) {
  const { t } = useTranslation();
  const { editor, active, deactivateConfirm } = props;
  return (
    <>
      <BackLink to=".." label={props.backLabel} />
      <PageHeader
        title={props.title}
        description={props.description}
        actions={
          <>
            {props.actions}
            {active ? (
              <ConfirmButton
                variant="outline"
                color="red"
                label={t('common.deactivate')}
                title={deactivateConfirm.title}
                message={deactivateConfirm.message}
                loading={editor.isPending}
                onConfirm={() => editor.setActive(false)}
              />
            ) : (
              <Button variant="outline" loading={editor.isPending} onClick={() => editor.setActive(true)}>
                {t('common.reactivate')}
              </Button>
            )}
          </>
        }
      />
      <Stack gap="md">
        {props.summary}
        <ApiErrorAlert error={editor.error} onReload={editor.reload} />
        {props.children}
      </Stack>
    </>
  );
}

interface CreatePageLayoutProps {
  backLabel: string;
  title: string;
  /** The create request's error; leave it out where the form draws its own banner. */
  error?: unknown;
  children: ReactNode;
}

/** The page that creates a record: back to the list, title, the save error, the form. */
export function CreatePageLayout({ backLabel, title, error, children }: CreatePageLayoutProps) {
  return (
    <>
      <BackLink to=".." label={backLabel} />
      <PageHeader title={title} />
      <ApiErrorAlert error={error} />
      {children}
    </>
  );
}

/**
 * The save of a create form (`<list>/new`): create the record, confirm it in a toast, and open the
 * new record's page (`<list>/<id>`) in place of the form, so Back returns to the list.
 */
export function useCreateAndOpen<Body, Saved extends { id: string }>(
  create: { mutateAsync: (body: Body) => Promise<Saved> },
  successMessage: (saved: Saved, body: Body) => string,
) {
  const navigate = useNavigate();
  return async (body: Body) => {
    const saved = await create.mutateAsync(body);
    notifySuccess(successMessage(saved, body));
    await navigate(`../${saved.id}`, { relative: 'path', replace: true });
  };
}
