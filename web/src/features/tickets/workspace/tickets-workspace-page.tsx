import { Badge, Box, Button, Flex, NavLink, Paper, SimpleGrid, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { PageHeader } from '../../../shared/page-header';
import { ticketViews, viewLabel } from '../ticket-labels';
import { useTicketViewCounts } from '../tickets.queries';
import { TicketFilterBar, TicketSortSelect } from './ticket-filter-bar';
import { ticketFiltersOf, useTicketSearchParams, type WorkspaceView } from './ticket-search-params';
import { TicketsTable } from './tickets-table';

/** Agent workspace › Tickets: the queues on the left, filters and the list on the right. */
export function TicketsWorkspacePage() {
  const { t } = useTranslation();
  const state = useTicketSearchParams();
  const filters = ticketFiltersOf(state.view, state.sort, state.values);

  return (
    <>
      <PageHeader
        title={state.view === 'all' ? t('tickets.allTickets') : viewLabel(state.view, t)}
        description={t('tickets.description')}
        actions={
          <>
            <TicketSortSelect state={state} />
            <Button component={Link} to="new" leftSection={<IconPlus size={16} />}>
              {t('tickets.new')}
            </Button>
          </>
        }
      />
      {/* The views are a side list on wide screens, a grid above the list on narrower ones. */}
      <Flex gap="md" align="flex-start" direction={{ base: 'column', xl: 'row' }}>
        <Box w={{ base: '100%', xl: 190 }} style={{ flexShrink: 0 }}>
          <TicketViewsNav view={state.view} />
        </Box>
        <Box style={{ flex: 1, minWidth: 0 }} w="100%">
          <TicketFilterBar state={state} />
          <TicketsTable filters={filters} />
        </Box>
      </Flex>
    </>
  );
}

/** The agent's queues with their counts; the chosen one is kept in the address (`?view=`). */
function TicketViewsNav({ view }: { view: WorkspaceView }) {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  const counts = useTicketViewCounts();

  const hrefOf = (target: WorkspaceView) => {
    const next = new URLSearchParams(searchParams);
    next.set('view', target);
    return `?${next.toString()}`;
  };

  return (
    <Paper withBorder p={4} component="nav" aria-label={t('tickets.viewsLabel')}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} px="sm" pt="xs" pb={4}>
        {t('tickets.viewsLabel')}
      </Text>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4, xl: 1 }} spacing={0} verticalSpacing={0}>
        {ticketViews.map((target) => {
          const count = counts.data?.get(target);
          return (
            <NavLink
              key={target}
              component={Link}
              to={hrefOf(target)}
              label={viewLabel(target, t)}
              active={view === target}
              aria-current={view === target ? 'page' : undefined}
              rightSection={
                count === undefined ? null : (
                  <Badge
                    size="sm"
                    variant={count > 0 ? 'filled' : 'light'}
                    color={count > 0 ? 'blue' : 'gray'}
                    circle={count < 10}
                  >
                    {count}
                  </Badge>
                )
              }
            />
          );
        })}
        <NavLink
          component={Link}
          to={hrefOf('all')}
          label={t('tickets.allTickets')}
          active={view === 'all'}
          aria-current={view === 'all' ? 'page' : undefined}
        />
      </SimpleGrid>
    </Paper>
  );
}
