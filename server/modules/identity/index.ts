/**
 * Identity: organisations, contacts, staff users, groups, sign-in, sessions and tokens.
 * Other modules use the services returned here; nothing else of this folder.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Dependencies } from '../../dependencies.js';
import type { Outbox } from '../mail/index.js';
import { authRoutes } from './auth.routes.js';
import { createAuthentication } from './authentication.service.js';
import { contactsRoutes } from './contacts.routes.js';
import { createContacts } from './contacts.service.js';
import { groupsRoutes } from './groups.routes.js';
import { createGroups } from './groups.service.js';
import { organizationsRoutes } from './organizations.routes.js';
import { createOrganizations } from './organizations.service.js';
import { usersRoutes } from './users.routes.js';
import { createUsers } from './users.service.js';

export type { Authentication } from './authentication.service.js';
export { identityPermissions, can as canIdentity } from './identity.policy.js';
export { createPasswordHasher, type PasswordHasher } from './password-hasher.js';
export { findOrCreateRequester, organizationSharesTickets } from './requester-directory.js';

export function createIdentityModule(deps: Dependencies, outbox: Outbox) {
  const authentication = createAuthentication(deps, outbox);
  const users = createUsers(deps, outbox, authentication);
  const groups = createGroups(deps);
  const organizations = createOrganizations(deps);
  const contacts = createContacts(deps, outbox, authentication);

  const routes: FastifyPluginAsync = async (app) => {
    await app.register(authRoutes, {
      authentication,
      rateLimit: { max: deps.config.rateLimit.loginPerWindow, timeWindow: deps.config.rateLimit.windowSeconds * 1000 },
      secureCookies: deps.config.baseUrl.startsWith('https://'),
      sessionDays: deps.config.sessionDays,
    });
    await app.register(usersRoutes, { users });
    await app.register(groupsRoutes, { groups });
    await app.register(organizationsRoutes, { organizations });
    await app.register(contactsRoutes, { contacts });
  };

  return { authentication, users, groups, organizations, contacts, routes };
}

export type IdentityModule = ReturnType<typeof createIdentityModule>;
