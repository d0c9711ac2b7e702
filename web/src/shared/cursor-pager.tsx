import { Button, Group, Text } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

interface CursorPagerProps {
  pageNumber: number;
  hasPreviousPage: boolean;
  nextCursor: string | null | undefined;
  onNextPage: (cursor: string) => void;
  onPreviousPage: () => void;
  loading?: boolean;
}

/** Previous/next buttons under every list; hidden when everything fits on one page. */
export function CursorPager(props: CursorPagerProps) {
  const { t } = useTranslation();
  const { nextCursor } = props;
  if (!props.hasPreviousPage && !nextCursor) return null;
  return (
    <Group justify="space-between" mt="md">
      <Button
        variant="default"
        leftSection={<IconChevronLeft size={16} />}
        disabled={!props.hasPreviousPage || props.loading}
        onClick={props.onPreviousPage}
      >
        {t('pagination.previous')}
      </Button>
      <Text size="sm" c="dimmed">
        {t('pagination.page', { number: props.pageNumber })}
      </Text>
      <Button
        variant="default"
        rightSection={<IconChevronRight size={16} />}
        disabled={!nextCursor || props.loading}
        onClick={() => nextCursor && props.onNextPage(nextCursor)}
      >
        {t('pagination.next')}
      </Button>
    </Group>
  );
}
