import { Badge, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiErrorAlert } from '../../../shared/api-error-alert';
import { roleLabel } from '../../../shared/option-lists';
import { QueryState } from '../../../shared/query-state';
import { EditPageLayout } from '../../../shared/record-pages';
import { ActiveBadge, PasswordBadge } from '../../../shared/status-badges';
import { useResourceEditor } from '../../../shared/use-resource-editor';
import { InvitationButton } from '../invitation-button';
import { UserForm } from './user-form';
import { useSendUserInvitation, useUpdateUser, useUser } from './users.queries';

/** One staff account: edit, deactivate or reactivate, and re-send the invitation while it is pending. */
export function UserEditPage() {
  const { t } = useTranslation();
  const { userId = '' } = useParams();
  const editor = useResourceEditor(useUser(userId), useUpdateUser(userId));
  const sendInvitation = useSendUserInvitation(userId);
  const user = editor.record;

  if (!user) return <QueryState query={editor.query}>{() => null}</QueryState>;

  return (
    <EditPageLayout
      editor={editor}
      active={user.active}
      backLabel={t('users.backToList')}
      title={user.name}
      description={`${user.email} · ${roleLabel(user.role, t)}`}
      deactivateConfirm={{
        title: t('users.deactivateTitle', { name: user.name }),
        message: t('users.deactivateMessage'),
      }}
      actions={
        !user.hasPassword &&
        user.active && (
          <InvitationButton
            invitation={sendInvitation}
            label={t('users.resendInvitation')}
            sentMessage={t('users.invitationSent', { email: user.email })}
          />
        )
      }
      summary={
        <Group gap="xs">
          <ActiveBadge active={user.active} />
          <PasswordBadge hasPassword={user.hasPassword} />
          {user.away && (
            <Badge color="grape" variant="light">
              {t('users.awayBadge')}
            </Badge>
          )}
        </Group>
      }
    >
      <ApiErrorAlert error={sendInvitation.error} />
      <UserForm key={editor.formKey} mode="edit" user={user} onSave={editor.save} />
    </EditPageLayout>
  );
}
