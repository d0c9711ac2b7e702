import {
  IconAddressBook,
  IconChartBar,
  IconHeadset,
  IconSettings,
  IconUserCircle,
  type Icon,
} from '@tabler/icons-react';
import type { AccountRole } from '../../../contracts/identity.contract';

export const staffRoles: readonly AccountRole[] = ['admin', 'supervisor', 'agent'];
export const adminRoles: readonly AccountRole[] = ['admin'];
export const reportRoles: readonly AccountRole[] = ['admin', 'supervisor'];
export const customerRoles: readonly AccountRole[] = ['customer'];
export const everyRole: readonly AccountRole[] = ['admin', 'supervisor', 'agent', 'customer'];

type NavigationLabel =
  | 'nav.agent'
  | 'nav.tickets'
  | 'nav.contacts'
  | 'nav.organizations'
  | 'nav.admin'
  | 'nav.users'
  | 'nav.groups'
  | 'nav.services'
  | 'nav.categories'
  | 'nav.customFields'
  | 'nav.outbox'
  | 'nav.emailTemplates'
  | 'nav.inboundMail'
  | 'nav.mailboxes'
  | 'nav.reports'
  | 'nav.team'
  | 'nav.portal'
  | 'nav.profile';

export interface NavigationArea {
  label: NavigationLabel;
  path: string;
  icon: Icon;
  roles: readonly AccountRole[];
  sections?: { label: NavigationLabel; path: string }[];
}

/**
 * The areas of the app and who sees them. The router guards the same paths with the same role
 * lists, so a hidden link is also a closed door (and the server checks again on every request).
 */
export const navigationAreas: NavigationArea[] = [
  {
    label: 'nav.agent',
    path: '/agent',
    icon: IconHeadset,
    roles: staffRoles,
    sections: [
      { label: 'nav.tickets', path: '/agent/tickets' },
      { label: 'nav.contacts', path: '/agent/contacts' },
      { label: 'nav.organizations', path: '/agent/organizations' },
    ],
  },
  { label: 'nav.portal', path: '/portal', icon: IconAddressBook, roles: customerRoles },
  {
    label: 'nav.admin',
    path: '/admin',
    icon: IconSettings,
    roles: adminRoles,
    sections: [
      { label: 'nav.users', path: '/admin/users' },
      { label: 'nav.groups', path: '/admin/groups' },
      { label: 'nav.organizations', path: '/admin/organizations' },
      { label: 'nav.services', path: '/admin/services' },
      { label: 'nav.categories', path: '/admin/categories' },
      { label: 'nav.customFields', path: '/admin/custom-fields' },
      { label: 'nav.outbox', path: '/admin/outbox' },
      { label: 'nav.emailTemplates', path: '/admin/email-templates' },
      { label: 'nav.mailboxes', path: '/admin/mailboxes' },
      { label: 'nav.inboundMail', path: '/admin/inbound-mail' },
    ],
  },
  {
    label: 'nav.reports',
    path: '/reports',
    icon: IconChartBar,
    roles: reportRoles,
    sections: [{ label: 'nav.team', path: '/reports/team' }],
  },
  { label: 'nav.profile', path: '/profile', icon: IconUserCircle, roles: everyRole },
];

export function areasFor(role: AccountRole): NavigationArea[] {
  return navigationAreas.filter((area) => area.roles.includes(role));
}
