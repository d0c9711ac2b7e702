/** Every module's tables, for Drizzle's relational queries and for drizzle-kit's migrations. */
import * as attachments from '../modules/attachments/attachments.schema.js';
import * as catalog from '../modules/catalog/catalog.schema.js';
import * as customFields from '../modules/custom-fields/custom-fields.schema.js';
import * as identity from '../modules/identity/identity.schema.js';
import * as mail from '../modules/mail/mail.schema.js';
import * as notifications from '../modules/notifications/notifications.schema.js';
import * as tickets from '../modules/tickets/tickets.schema.js';
import * as timeTracking from '../modules/time-tracking/time-tracking.schema.js';

export const schema = {
  ...identity,
  ...mail,
  ...catalog,
  ...customFields,
  ...tickets,
  ...notifications,
  ...timeTracking,
  ...attachments,
};
export type Schema = typeof schema;
