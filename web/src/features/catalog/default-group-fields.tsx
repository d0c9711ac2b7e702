import { Select, SimpleGrid, type SelectProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useEveryGroup } from '../identity/groups/groups.queries';

/** What `form.getInputProps(field)` hands a select: value, onChange, error (and focus handlers). */
type SelectInputProps = Omit<SelectProps, 'data'>;

interface DefaultGroupFieldsProps {
  level1: SelectInputProps;
  level2: SelectInputProps;
}

/** Who takes a service's or category's tickets by default: a level 1 group, and a level 2 one for escalations. */
export function DefaultGroupFields({ level1, level2 }: DefaultGroupFieldsProps) {
  const { t } = useTranslation();
  const level1Groups = useEveryGroup({ supportLevel: '1' });
  const level2Groups = useEveryGroup({ supportLevel: '2' });
  // Deactivated groups stay listed, marked, so a default chosen earlier remains visible.
  const options = (groups: { id: string; name: string; active: boolean }[] | undefined) =>
    (groups ?? []).map((group) => ({
      value: group.id,
      label: group.active ? group.name : t('common.nameInactive', { name: group.name }),
    }));

  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <Select
        label={t('catalog.defaultLevel1Group')}
        description={t('catalog.defaultLevel1GroupHint')}
        placeholder={t('catalog.noDefaultGroup')}
        data={options(level1Groups.data)}
        searchable
        clearable
        {...level1}
      />
      <Select
        label={t('catalog.defaultLevel2Group')}
        description={t('catalog.defaultLevel2GroupHint')}
        placeholder={t('catalog.noDefaultGroup')}
        data={options(level2Groups.data)}
        searchable
        clearable
        {...level2}
      />
    </SimpleGrid>
  );
}

/** A group's name by id for the lists ('—' for none, '…' while the groups load). */
export function useGroupNames(): (id: string | null) => string {
  const groups = useEveryGroup({});
  const names = new Map((groups.data ?? []).map((group) => [group.id, group.name]));
  return (id) => (id ? (names.get(id) ?? '…') : '—');
}
