import { Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { supportLevelLabel } from '../../../shared/option-lists';
import { QueryState } from '../../../shared/query-state';
import { EditPageLayout } from '../../../shared/record-pages';
import { ActiveBadge } from '../../../shared/status-badges';
import { useResourceEditor } from '../../../shared/use-resource-editor';
import { GroupForm } from './group-form';
import { useGroup, useUpdateGroup } from './groups.queries';

/** One support group: edit its fields and members, deactivate or reactivate it. */
export function GroupEditPage() {
  const { t } = useTranslation();
  const { groupId = '' } = useParams();
  const editor = useResourceEditor(useGroup(groupId), useUpdateGroup(groupId));
  const group = editor.record;

  if (!group) return <QueryState query={editor.query}>{() => null}</QueryState>;

  return (
    <EditPageLayout
      editor={editor}
      active={group.active}
      backLabel={t('groups.backToList')}
      title={group.name}
      description={supportLevelLabel(group.supportLevel, t)}
      deactivateConfirm={{
        title: t('groups.deactivateTitle', { name: group.name }),
        message: t('groups.deactivateMessage'),
      }}
      summary={
        <Group>
          <ActiveBadge active={group.active} />
        </Group>
      }
    >
      <GroupForm key={editor.formKey} mode="edit" group={group} onSave={editor.save} />
    </EditPageLayout>
  );
}
