import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { ContactCreatePage } from '../features/identity/contacts/contact-create-page';
import { ContactEditPage } from '../features/identity/contacts/contact-edit-page';
import { ContactsPage } from '../features/identity/contacts/contacts-page';
import { ForgotPasswordPage } from '../features/identity/auth/forgot-password-page';
import { LoginPage } from '../features/identity/auth/login-page';
import { SetPasswordPage } from '../features/identity/auth/set-password-page';
import { GroupCreatePage } from '../features/identity/groups/group-create-page';
import { GroupEditPage } from '../features/identity/groups/group-edit-page';
import { GroupsPage } from '../features/identity/groups/groups-page';
import { OrganizationCreatePage } from '../features/identity/organizations/organization-create-page';
import { OrganizationDetailPage } from '../features/identity/organizations/organization-detail-page';
import { OrganizationsPage } from '../features/identity/organizations/organizations-page';
import { PortalPage } from '../features/identity/portal/portal-page';
import { ProfilePage } from '../features/identity/profile/profile-page';
import { UserCreatePage } from '../features/identity/users/user-create-page';
import { UserEditPage } from '../features/identity/users/user-edit-page';
import { UsersPage } from '../features/identity/users/users-page';
import { CategoriesPage, CategoryCreatePage, CategoryEditPage } from '../features/catalog/categories-page';
import { ServiceCreatePage, ServiceEditPage, ServicesPage } from '../features/catalog/services-page';
import {
  CustomFieldCreatePage,
  CustomFieldEditPage,
  CustomFieldsPage,
} from '../features/custom-fields/custom-fields-page';
import { TicketCreatePage } from '../features/tickets/create/ticket-create-page';
import { TicketPage } from '../features/tickets/detail/ticket-page';
import { PortalRequestPage } from '../features/tickets/portal/portal-request-page';
import { PortalTicketPage } from '../features/tickets/portal/portal-ticket-page';
import { TicketsWorkspacePage } from '../features/tickets/workspace/tickets-workspace-page';
import { InboundEmailsPage } from '../features/mail/inbound/inbound-emails-page';
import { MailboxCreatePage, MailboxEditPage, MailboxesPage } from '../features/mail/mailboxes/mailboxes-page';
import { OutboxPage } from '../features/mail/outbox/outbox-page';
import { EmailTemplatesPage } from '../features/mail/templates/email-templates-page';
import { TeamPage } from '../features/reports/team-page';
import { AppShellLayout } from './app-shell-layout';
import { adminRoles, customerRoles, reportRoles, staffRoles } from './navigation';
import { NotFoundPage } from './fallback-pages';
import { RouteErrorPage } from './route-error-page';
import { HomeRedirect, RequireRole, RequireSession } from './route-guards';

/** Organisations are kept by staff in the workspace and by admins in Admin: one set of screens. */
const organizationRoutes: RouteObject[] = [
  { path: 'organizations', element: <OrganizationsPage /> },
  { path: 'organizations/new', element: <OrganizationCreatePage /> },
  { path: 'organizations/:organizationId', element: <OrganizationDetailPage /> },
];

export const routes: RouteObject[] = [
  { path: '/login', element: <LoginPage /> },
  { path: '/forgot-password', element: <ForgotPasswordPage /> },
  { path: '/set-password', element: <SetPasswordPage /> },
  {
    element: <RequireSession />,
    errorElement: <RouteErrorPage />,
    children: [
      {
        element: <AppShellLayout />,
        children: [
          { index: true, element: <HomeRedirect /> },
          {
            path: 'agent',
            element: <RequireRole roles={staffRoles} />,
            children: [
              { index: true, element: <Navigate to="tickets" replace /> },
              { path: 'tickets', element: <TicketsWorkspacePage /> },
              { path: 'tickets/new', element: <TicketCreatePage /> },
              { path: 'tickets/:ticketId', element: <TicketPage /> },
              { path: 'contacts', element: <ContactsPage /> },
              { path: 'contacts/new', element: <ContactCreatePage /> },
              { path: 'contacts/:contactId', element: <ContactEditPage /> },
              ...organizationRoutes,
            ],
          },
          {
            path: 'admin',
            element: <RequireRole roles={adminRoles} />,
            children: [
              { index: true, element: <Navigate to="users" replace /> },
              { path: 'users', element: <UsersPage /> },
              { path: 'users/new', element: <UserCreatePage /> },
              { path: 'users/:userId', element: <UserEditPage /> },
              { path: 'groups', element: <GroupsPage /> },
              { path: 'groups/new', element: <GroupCreatePage /> },
              { path: 'groups/:groupId', element: <GroupEditPage /> },
              ...organizationRoutes,
              { path: 'services', element: <ServicesPage /> },
              { path: 'services/new', element: <ServiceCreatePage /> },
              { path: 'services/:serviceId', element: <ServiceEditPage /> },
              { path: 'categories', element: <CategoriesPage /> },
              { path: 'categories/new', element: <CategoryCreatePage /> },
              { path: 'categories/:categoryId', element: <CategoryEditPage /> },
              { path: 'custom-fields', element: <CustomFieldsPage /> },
              { path: 'custom-fields/new', element: <CustomFieldCreatePage /> },
              { path: 'custom-fields/:customFieldId', element: <CustomFieldEditPage /> },
              { path: 'outbox', element: <OutboxPage /> },
              { path: 'email-templates', element: <EmailTemplatesPage /> },
              { path: 'inbound-mail', element: <InboundEmailsPage /> },
              { path: 'mailboxes', element: <MailboxesPage /> },
              { path: 'mailboxes/new', element: <MailboxCreatePage /> },
              { path: 'mailboxes/:mailboxId', element: <MailboxEditPage /> },
            ],
          },
          {
            path: 'reports',
            element: <RequireRole roles={reportRoles} />,
            children: [
              { index: true, element: <Navigate to="team" replace /> },
              { path: 'team', element: <TeamPage /> },
            ],
          },
          {
            path: 'portal',
            element: <RequireRole roles={customerRoles} />,
            children: [
              { index: true, element: <PortalPage /> },
              { path: 'tickets/new', element: <PortalRequestPage /> },
              { path: 'tickets/:ticketId', element: <PortalTicketPage /> },
            ],
          },
          { path: 'profile', element: <ProfilePage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];

export function createRouter() {
  return createBrowserRouter(routes);
}
