import { AppShell, Burger, Button, Group, Menu, NavLink, ScrollArea, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconLogout, IconUserCircle } from '@tabler/icons-react';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { LiveUpdatesProvider } from '../features/live/live-updates';
import { useLogout } from '../features/identity/auth/auth.queries';
import { useCurrentAccount } from '../features/identity/auth/current-account';
import { NotificationsBell } from '../features/notifications/notifications-bell';
import { LanguageSwitch } from './language-switch';
import { areasFor } from './navigation';

/** The signed-in frame: header (product, language, user menu) and the navbar of the role's areas. */
export function AppShellLayout() {
  const { t } = useTranslation();
  const account = useCurrentAccount();
  const location = useLocation();
  const logout = useLogout();
  const [navbarOpened, { toggle: toggleNavbar, close: closeNavbar }] = useDisclosure(false);

  const isWithin = (path: string) => location.pathname === path || location.pathname.startsWith(`${path}/`);

  const signOut = () => logout.mutate();

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !navbarOpened } }}
      padding="lg"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={navbarOpened}
              onClick={toggleNavbar}
              hiddenFrom="sm"
              size="sm"
              aria-label={t('shell.toggleNavigation')}
            />
            <Text component={Link} to="/" fw={700} fz="lg" c="inherit" td="none">
              {t('app.name')}
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            {account.role !== 'customer' && <NotificationsBell />}
            <LanguageSwitch />
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button variant="subtle" color="gray" rightSection={<IconChevronDown size={14} />}>
                  {account.name}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{account.email}</Menu.Label>
                <Menu.Item component={Link} to="/profile" leftSection={<IconUserCircle size={16} />}>
                  {t('shell.profile')}
                </Menu.Item>
                <Menu.Item leftSection={<IconLogout size={16} />} onClick={signOut}>
                  {t('shell.signOut')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs" aria-label={t('shell.navigation')}>
        <AppShell.Section grow component={ScrollArea}>
          {areasFor(account.role).map((area) => (
            <Fragment key={area.path}>
              {/* The area itself is a link (to its first section); its sections follow, indented. */}
              <NavLink
                component={Link}
                to={area.sections?.[0]?.path ?? area.path}
                label={t(area.label)}
                leftSection={<area.icon size={18} stroke={1.5} />}
                active={!area.sections && isWithin(area.path)}
                fw={isWithin(area.path) ? 600 : undefined}
                onClick={closeNavbar}
              />
              {area.sections?.map((section) => (
                <NavLink
                  key={section.path}
                  component={Link}
                  to={section.path}
                  label={t(section.label)}
                  active={isWithin(section.path)}
                  pl={46}
                  onClick={closeNavbar}
                />
              ))}
            </Fragment>
          ))}
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main bg="gray.0">
        <LiveUpdatesProvider>
          <Outlet />
        </LiveUpdatesProvider>
      </AppShell.Main>
    </AppShell>
  );
}
