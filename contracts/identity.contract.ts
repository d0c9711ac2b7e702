/**
 * Identity API: sign-in, sessions, tokens, staff users, groups, organisations, contacts.
 */
import { z } from 'zod';
import {
  channelSchema,
  emailSchema,
  idSchema,
  languageSchema,
  paginationQuerySchema,
  passwordSchema,
  timestampSchema,
  versionSchema,
} from './common.contract.js';

export const staffRoleSchema = z.enum(['admin', 'supervisor', 'agent']);
export type StaffRole = z.infer<typeof staffRoleSchema>;

/** `customer` is the role of every contact who signs in to the portal. */
export const accountRoleSchema = z.enum(['admin', 'supervisor', 'agent', 'customer']);
export type AccountRole = z.infer<typeof accountRoleSchema>;

export const supportLevelSchema = z.union([z.literal(1), z.literal(2)]).describe('1 = service desk, 2 = specialists');

export const groupSummarySchema = z.object({ id: idSchema, name: z.string(), supportLevel: supportLevelSchema });

/** The signed-in account, as the web app needs it to choose areas and language. */
export const accountSchema = z.object({
  kind: z.enum(['user', 'contact']),
  id: idSchema,
  name: z.string(),
  email: z.string(),
  role: accountRoleSchema,
  language: languageSchema,
  organizationId: idSchema.nullable(),
  organizationName: z.string().nullable(),
  groups: z.array(groupSummarySchema),
});
export type Account = z.infer<typeof accountSchema>;

export const sessionSchema = z.object({
  account: accountSchema,
  csrfToken: z.string().describe('Send it back as the X-CSRF-Token header on every state-changing request'),
});
export type Session = z.infer<typeof sessionSchema>;

export const loginBodySchema = z.strictObject({ email: emailSchema, password: z.string().min(1).max(200) });
export type LoginBody = z.infer<typeof loginBodySchema>;

export const createTokenWithPasswordBodySchema = z.strictObject({
  email: emailSchema,
  password: z.string().min(1).max(200),
  name: z.string().trim().min(1).max(100),
});

export const createTokenBodySchema = z.strictObject({ name: z.string().trim().min(1).max(100) });

export const accessTokenSchema = z.object({
  id: idSchema,
  name: z.string(),
  prefix: z.string().describe('First characters of the token, to recognise it'),
  createdAt: timestampSchema,
  lastUsedAt: timestampSchema.nullable(),
});
export type AccessToken = z.infer<typeof accessTokenSchema>;

export const createdAccessTokenSchema = accessTokenSchema.extend({
  token: z.string().describe('The secret: shown once, store it now'),
});

export const updateProfileBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  language: languageSchema.optional(),
});

export const changePasswordBodySchema = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: passwordSchema,
});

export const requestPasswordResetBodySchema = z.strictObject({ email: emailSchema });

export const setPasswordBodySchema = z.strictObject({
  token: z.string().min(10).max(200).describe('The one-time token from the emailed link'),
  password: passwordSchema,
});

// ---- staff users -------------------------------------------------------------------------

export const userSchema = z.object({
  id: idSchema,
  name: z.string(),
  email: z.string(),
  role: staffRoleSchema,
  language: languageSchema,
  active: z.boolean(),
  away: z.boolean().describe('Skipped by automatic assignment'),
  hasPassword: z.boolean().describe('False until the invitation is accepted'),
  groupIds: z.array(idSchema),
  version: versionSchema,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type User = z.infer<typeof userSchema>;

export const listUsersQuerySchema = paginationQuerySchema.extend({
  q: z.string().trim().max(200).optional().describe('Matches name or email'),
  active: z.enum(['true', 'false']).optional(),
  role: staffRoleSchema.optional(),
  groupId: idSchema.optional(),
});

export const createUserBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  email: emailSchema,
  role: staffRoleSchema,
  language: languageSchema.default('it'),
  groupIds: z.array(idSchema).max(100).default([]),
  sendInvitation: z.boolean().default(true).describe('Email a one-time link to choose a password'),
});
export type CreateUserBody = z.input<typeof createUserBodySchema>;

export const updateUserBodySchema = z.strictObject({
  version: versionSchema,
  name: z.string().trim().min(1).max(200).optional(),
  email: emailSchema.optional(),
  role: staffRoleSchema.optional(),
  language: languageSchema.optional(),
  active: z.boolean().optional(),
  away: z.boolean().optional(),
  groupIds: z.array(idSchema).max(100).optional(),
});
export type UpdateUserBody = z.input<typeof updateUserBodySchema>;

// ---- groups -----------------------------------------------------------------------------

export const assignmentModeSchema = z
  .enum(['manual', 'round_robin', 'least_open'])
  .describe(
    'manual; round_robin: members in turn; least_open: the member with the fewest open tickets. Away members are skipped.',
  );
export type AssignmentMode = z.infer<typeof assignmentModeSchema>;

export const groupSchema = z.object({
  id: idSchema,
  name: z.string(),
  supportLevel: supportLevelSchema,
  assignmentMode: assignmentModeSchema,
  skills: z.array(z.string()),
  email: z.string().nullable().describe('Where group notifications go, besides members'),
  active: z.boolean(),
  memberIds: z.array(idSchema),
  version: versionSchema,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type Group = z.infer<typeof groupSchema>;

export const listGroupsQuerySchema = paginationQuerySchema.extend({
  q: z.string().trim().max(200).optional(),
  active: z.enum(['true', 'false']).optional(),
  supportLevel: z.enum(['1', '2']).optional(),
});

const skillsSchema = z.array(z.string().trim().min(1).max(60)).max(50);

export const createGroupBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  supportLevel: supportLevelSchema,
  assignmentMode: assignmentModeSchema.default('manual'),
  skills: skillsSchema.default([]),
  email: emailSchema.nullable().default(null),
  memberIds: z.array(idSchema).max(500).default([]),
});
export type CreateGroupBody = z.input<typeof createGroupBodySchema>;

export const updateGroupBodySchema = z.strictObject({
  version: versionSchema,
  name: z.string().trim().min(1).max(200).optional(),
  supportLevel: supportLevelSchema.optional(),
  assignmentMode: assignmentModeSchema.optional(),
  skills: skillsSchema.optional(),
  email: emailSchema.nullable().optional(),
  active: z.boolean().optional(),
  memberIds: z.array(idSchema).max(500).optional(),
});
export type UpdateGroupBody = z.input<typeof updateGroupBodySchema>;

// ---- organisations ----------------------------------------------------------------------

const domainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'Not a domain name');

export const organizationSchema = z.object({
  id: idSchema,
  name: z.string(),
  domains: z.array(z.string()).describe('Email domains whose senders belong to this organisation'),
  segment: z.string().nullable(),
  region: z.string().nullable(),
  language: languageSchema,
  preferredChannel: channelSchema,
  sharesTickets: z.boolean().describe("Contacts see their organisation's tickets, not only their own"),
  active: z.boolean(),
  contactCount: z.number().int(),
  version: versionSchema,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type Organization = z.infer<typeof organizationSchema>;

export const listOrganizationsQuerySchema = paginationQuerySchema.extend({
  q: z.string().trim().max(200).optional(),
  active: z.enum(['true', 'false']).optional(),
});

export const createOrganizationBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  domains: z.array(domainSchema).max(50).default([]),
  segment: z.string().trim().max(100).nullable().default(null),
  region: z.string().trim().max(100).nullable().default(null),
  language: languageSchema.default('it'),
  preferredChannel: channelSchema.default('email'),
  sharesTickets: z.boolean().default(false),
});
export type CreateOrganizationBody = z.input<typeof createOrganizationBodySchema>;

export const updateOrganizationBodySchema = z.strictObject({
  version: versionSchema,
  name: z.string().trim().min(1).max(200).optional(),
  domains: z.array(domainSchema).max(50).optional(),
  segment: z.string().trim().max(100).nullable().optional(),
  region: z.string().trim().max(100).nullable().optional(),
  language: languageSchema.optional(),
  preferredChannel: channelSchema.optional(),
  sharesTickets: z.boolean().optional(),
  active: z.boolean().optional(),
});
export type UpdateOrganizationBody = z.input<typeof updateOrganizationBodySchema>;

// ---- contacts ---------------------------------------------------------------------------

export const contactSchema = z.object({
  id: idSchema,
  name: z.string(),
  emails: z.array(z.string()).describe('The first is the primary address'),
  phone: z.string().nullable(),
  organizationId: idSchema.nullable(),
  organizationName: z.string().nullable(),
  language: languageSchema.nullable().describe("Null: the organisation's, then the desk's (Italian)"),
  preferredChannel: channelSchema.nullable(),
  effectiveLanguage: languageSchema,
  effectiveChannel: channelSchema,
  active: z.boolean(),
  hasPassword: z.boolean().describe('Can sign in to the portal'),
  version: versionSchema,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type Contact = z.infer<typeof contactSchema>;

export const listContactsQuerySchema = paginationQuerySchema.extend({
  q: z.string().trim().max(200).optional().describe('Matches name, email or phone'),
  organizationId: idSchema.optional(),
  active: z.enum(['true', 'false']).optional(),
});

const phoneSchema = z
  .string()
  .trim()
  .max(40)
  .regex(/^\+?[0-9 ()./-]{3,40}$/, 'Not a phone number');

export const createContactBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  emails: z.array(emailSchema).min(1).max(20),
  phone: phoneSchema.nullable().default(null),
  organizationId: idSchema.nullable().default(null),
  language: languageSchema.nullable().default(null),
  preferredChannel: channelSchema.nullable().default(null),
  sendInvitation: z.boolean().default(false).describe('Email a one-time link to set a portal password'),
});
export type CreateContactBody = z.input<typeof createContactBodySchema>;

export const updateContactBodySchema = z.strictObject({
  version: versionSchema,
  name: z.string().trim().min(1).max(200).optional(),
  emails: z.array(emailSchema).min(1).max(20).optional(),
  phone: phoneSchema.nullable().optional(),
  organizationId: idSchema.nullable().optional(),
  language: languageSchema.nullable().optional(),
  preferredChannel: channelSchema.nullable().optional(),
  active: z.boolean().optional(),
});
export type UpdateContactBody = z.input<typeof updateContactBodySchema>;

export const healthSchema = z.object({
  status: z.literal('ok'),
  database: z.enum(['pglite', 'postgres']),
  version: z.string(),
});
