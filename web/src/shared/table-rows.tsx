import { Center, Loader, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The spinner row shown while a list's first page loads. */
export function TableLoadingRow({ columns }: { columns: number }) {
  const { t } = useTranslation();
  return (
    <Table.Tr>
      <Table.Td colSpan={columns}>
        <Center py="md">
          <Loader size="sm" aria-label={t('common.loading')} />
        </Center>
      </Table.Td>
    </Table.Tr>
  );
}

/** The row saying a list has nothing to show (for these filters). */
export function TableEmptyRow({ columns, message }: { columns: number; message: string }) {
  return (
    <Table.Tr>
      <Table.Td colSpan={columns}>
        <Text c="dimmed" ta="center" py="md">
          {message}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}
