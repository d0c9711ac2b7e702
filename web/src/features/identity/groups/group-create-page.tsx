import { useTranslation } from 'react-i18next';
import { CreatePageLayout, useCreateAndOpen } from '../../../shared/record-pages';
import { GroupForm } from './group-form';
import { useCreateGroup } from './groups.queries';

/** Admin › Groups › New. */
export function GroupCreatePage() {
  const { t } = useTranslation();
  const createGroup = useCreateGroup();
  const save = useCreateAndOpen(createGroup, () => t('groups.created'));
  return (
    <CreatePageLayout backLabel={t('groups.backToList')} title={t('groups.new')} error={createGroup.error}>
      <GroupForm mode="create" onSave={save} />
    </CreatePageLayout>
  );
}
