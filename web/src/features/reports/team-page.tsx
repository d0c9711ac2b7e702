import { Badge, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Group as SupportGroup, User } from '../../../../contracts/identity.contract';
import { ApiErrorAlert } from '../../shared/api-error-alert';
import { roleLabel, supportLevelLabel } from '../../shared/option-lists';
import { PageHeader } from '../../shared/page-header';
import { QueryState } from '../../shared/query-state';
import { useEveryGroup } from '../identity/groups/groups.queries';
import { useEveryUser } from '../identity/users/users.queries';

/**
 * Reports › Team: the active support groups by level, each with its members, their role and whether
 * they are away — straight from /groups and /users, nothing computed or estimated.
 */
export function TeamPage() {
  const { t } = useTranslation();
  const groups = useEveryGroup({ active: 'true' });
  const users = useEveryUser({});

  return (
    <>
      <PageHeader title={t('team.title')} description={t('team.description')} />
      <ApiErrorAlert error={users.error} />
      <QueryState query={groups}>
        {(loadedGroups) => {
          const usersById = new Map((users.data ?? []).map((user) => [user.id, user]));
          const grouped = new Set(loadedGroups.flatMap((group) => group.memberIds));
          const withoutGroup = (users.data ?? []).filter((user) => user.active && !grouped.has(user.id));
          return (
            <Stack gap="xl">
              {([1, 2] as const).map((level) => (
                <section key={level} aria-label={supportLevelLabel(level, t)}>
                  <Title order={3} fz="h4" mb="sm">
                    {supportLevelLabel(level, t)}
                  </Title>
                  <LevelGroups
                    groups={loadedGroups.filter((group) => group.supportLevel === level)}
                    usersById={usersById}
                  />
                </section>
              ))}
              {withoutGroup.length > 0 && (
                <section aria-label={t('team.withoutGroup')}>
                  <Title order={3} fz="h4" mb="sm">
                    {t('team.withoutGroup')}
                  </Title>
                  <Paper withBorder>
                    <MembersTable members={withoutGroup} />
                  </Paper>
                </section>
              )}
            </Stack>
          );
        }}
      </QueryState>
    </>
  );
}

function LevelGroups({ groups, usersById }: { groups: SupportGroup[]; usersById: Map<string, User> }) {
  const { t } = useTranslation();
  if (groups.length === 0) {
    return (
      <Text c="dimmed" size="sm">
        {t('team.noGroups')}
      </Text>
    );
  }
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }}>
      {groups.map((group) => {
        const members = group.memberIds.flatMap((id) => usersById.get(id) ?? []);
        const awayCount = members.filter((member) => member.away && member.active).length;
        return (
          <Paper key={group.id} withBorder p="md" component="article" aria-label={group.name}>
            <Group justify="space-between" mb="xs">
              <Text fw={600}>{group.name}</Text>
              <Text size="sm" c="dimmed">
                {t('team.memberCount', { count: members.length })}
                {awayCount > 0 && ` · ${t('team.awayCount', { count: awayCount })}`}
              </Text>
            </Group>
            {group.skills.length > 0 && (
              <Group gap={4} mb="sm">
                {group.skills.map((skill) => (
                  <Badge key={skill} variant="outline" color="gray" tt="none">
                    {skill}
                  </Badge>
                ))}
              </Group>
            )}
            {members.length === 0 ? (
              <Text c="dimmed" size="sm">
                {t('team.noMembers')}
              </Text>
            ) : (
              <MembersTable members={members} />
            )}
          </Paper>
        );
      })}
    </SimpleGrid>
  );
}

function MembersTable({ members }: { members: User[] }) {
  const { t } = useTranslation();
  return (
    <Table verticalSpacing={6} fz="sm">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('fields.name')}</Table.Th>
          <Table.Th>{t('fields.role')}</Table.Th>
          <Table.Th>{t('team.availability')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {members.map((member) => (
          <Table.Tr key={member.id}>
            <Table.Td>{member.name}</Table.Td>
            <Table.Td>{roleLabel(member.role, t)}</Table.Td>
            <Table.Td>
              {!member.active ? (
                <Badge color="gray" variant="light">
                  {t('common.inactive')}
                </Badge>
              ) : member.away ? (
                <Badge color="grape" variant="light">
                  {t('users.awayBadge')}
                </Badge>
              ) : (
                <Badge color="teal" variant="light">
                  {t('team.available')}
                </Badge>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
