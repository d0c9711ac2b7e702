/**
 * Signing in and proving who you are: password login → browser session (httpOnly cookie + CSRF
 * token), personal access tokens for scripts, and one-time emailed links (invitations, resets).
 *
 * Invariants: secrets are stored only as SHA-256 hashes; a deactivated account's sessions and
 * tokens stop working at the next request, because every request reloads the account; a wrong
 * password and an unknown account answer the same (code and timing).
 */
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { AccessToken, Account } from '../../../contracts/identity.contract.js';
import type { Dependencies } from '../../dependencies.js';
import { AppError, notFound } from '../../http/app-error.js';
import type { Actor, Context } from '../../http/context.js';
import type { Outbox } from '../mail/index.js';
import {
  ACTIVE_USER_ACCOUNT_COLUMNS,
  activeUserAccount,
  findAccountByEmail,
  loadActiveAccount,
  type AccountReference,
  type LoadedAccount,
} from './accounts.repo.js';
import { accessTokens, contacts, oneTimeTokens, sessions, users } from './identity.schema.js';
import { passwordResetEmail } from './identity.emails.js';
import { ACCESS_TOKEN_PREFIX, generateSecret, hashSecret } from './secret-tokens.js';
import type { Transaction } from '../../db/database.js';

const invalidCredentials = () => new AppError(401, 'INVALID_CREDENTIALS', 'Wrong email or password');

const ONE_TIME_TOKEN_HOURS = { invitation: 24 * 7, password_reset: 2 } as const;

export interface ResolvedSession extends LoadedAccount {
  sessionId: string;
  csrfToken: string;
}

function referenceOf(actor: Actor): AccountReference {
  if (actor.kind === 'user') return { userId: actor.id, contactId: null };
  if (actor.kind === 'contact') return { userId: null, contactId: actor.id };
  throw new AppError(401, 'UNAUTHENTICATED', 'Sign in first');
}

function ownerCondition(table: typeof accessTokens, reference: AccountReference) {
  return reference.userId ? eq(table.userId, reference.userId) : eq(table.contactId, reference.contactId!);
}

export function createAuthentication(deps: Dependencies, outbox: Outbox) {
  const { database, passwords, config } = deps;

  async function checkPassword(email: string, password: string): Promise<AccountReference> {
    const found = await findAccountByEmail(database.orm, email);
    if (!found || !found.passwordHash || !found.active) {
      await passwords.verifyNothing(password);
      throw invalidCredentials();
    }
    if (!(await passwords.verify(found.passwordHash, password))) throw invalidCredentials();
    return found.reference;
  }

  async function createOneTimeLink(
    tx: Transaction,
    now: Date,
    purpose: keyof typeof ONE_TIME_TOKEN_HOURS,
    reference: AccountReference,
  ): Promise<string> {
    const secret = generateSecret();
    await tx.insert(oneTimeTokens).values({
      purpose,
      tokenHash: hashSecret(secret),
      userId: reference.userId,
      contactId: reference.contactId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + ONE_TIME_TOKEN_HOURS[purpose] * 3_600_000),
    });
    return `${config.baseUrl}/set-password?token=${encodeURIComponent(secret)}`;
  }

  return {
    /** Password sign-in; returns the cookie secret (to set) and the session. */
    async login(now: Date, email: string, password: string, client: { ip: string; userAgent: string | null }) {
      const reference = await checkPassword(email, password);
      const secret = generateSecret();
      const csrfToken = generateSecret();
      await database.orm.insert(sessions).values({
        tokenHash: hashSecret(secret),
        userId: reference.userId,
        contactId: reference.contactId,
        csrfToken,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + config.sessionDays * 86_400_000),
        ip: client.ip,
        userAgent: client.userAgent?.slice(0, 500) ?? null,
      });
      const loaded = await loadActiveAccount(database.orm, reference);
      if (!loaded) throw invalidCredentials();
      return { secret, csrfToken, account: loaded.account };
    },

    async logout(sessionSecret: string): Promise<void> {
      await database.orm.delete(sessions).where(eq(sessions.tokenHash, hashSecret(sessionSecret)));
    },

    /** The account behind a session cookie, or null (expired, unknown, account deactivated). */
    async resolveSession(now: Date, sessionSecret: string): Promise<ResolvedSession | null> {
      // The session and, for staff, their account in one round trip (every request), as a named
      // statement: parsed and planned once per connection (a lookup by the unique token hash, the
      // same plan for every value).
      const { rows } = await database.orm.$client.query<unknown[]>({
        name: 'session-account',
        text: `SELECT s.id, s.user_id, s.contact_id, s.last_seen_at, s.csrf_token, ${ACTIVE_USER_ACCOUNT_COLUMNS}
               FROM sessions s LEFT JOIN users u ON u.id = s.user_id AND u.active
               WHERE s.token_hash = $1 AND s.expires_at > $2`,
        values: [hashSecret(sessionSecret), now],
        rowMode: 'array',
      });
      const row = rows[0];
      if (!row) return null;
      const [sessionId, userId, contactId, lastSeenAt, csrfToken] = row as [
        string,
        string | null,
        string | null,
        Date,
        string,
      ];
      const loaded = userId ? activeUserAccount(row, 5) : await loadActiveAccount(database.orm, { userId, contactId });
      if (!loaded) return null;
      // Sliding expiry, written at most once an hour per session.
      if (now.getTime() - lastSeenAt.getTime() > 3_600_000) {
        await database.orm
          .update(sessions)
          .set({ lastSeenAt: now, expiresAt: new Date(now.getTime() + config.sessionDays * 86_400_000) })
          .where(eq(sessions.id, sessionId));
      }
      return { ...loaded, sessionId, csrfToken };
    },

    /** The account behind a bearer token, or null (unknown, revoked, account deactivated). */
    async resolveAccessToken(now: Date, token: string): Promise<LoadedAccount | null> {
      if (!token.startsWith(ACCESS_TOKEN_PREFIX)) return null;
      const { rows } = await database.orm.$client.query<unknown[]>({
        name: 'access-token-account',
        text: `SELECT t.id, t.user_id, t.contact_id, t.last_used_at, ${ACTIVE_USER_ACCOUNT_COLUMNS}
               FROM access_tokens t LEFT JOIN users u ON u.id = t.user_id AND u.active
               WHERE t.token_hash = $1 AND t.revoked_at IS NULL`,
        values: [hashSecret(token)],
        rowMode: 'array',
      });
      const row = rows[0];
      if (!row) return null;
      const [tokenId, userId, contactId, lastUsedAt] = row as [string, string | null, string | null, Date | null];
      const loaded = userId ? activeUserAccount(row, 4) : await loadActiveAccount(database.orm, { userId, contactId });
      if (!loaded) return null;
      if (!lastUsedAt || now.getTime() - lastUsedAt.getTime() > 60_000) {
        await database.orm.update(accessTokens).set({ lastUsedAt: now }).where(eq(accessTokens.id, tokenId));
      }
      return loaded;
    },

    async createAccessTokenWithPassword(now: Date, email: string, password: string, name: string) {
      const reference = await checkPassword(email, password);
      return this.createAccessToken(now, reference, name);
    },

    async createAccessToken(now: Date, reference: AccountReference, name: string) {
      const token = generateSecret(ACCESS_TOKEN_PREFIX);
      const [row] = await database.orm
        .insert(accessTokens)
        .values({
          tokenHash: hashSecret(token),
          prefix: token.slice(0, ACCESS_TOKEN_PREFIX.length + 6),
          name,
          userId: reference.userId,
          contactId: reference.contactId,
          createdAt: now,
        })
        .returning();
      if (!row) throw new Error('access token not inserted');
      return { ...presentAccessToken(row), token };
    },

    async createOwnAccessToken(context: Context, name: string) {
      return this.createAccessToken(context.now, referenceOf(context.actor), name);
    },

    async listAccessTokens(context: Context): Promise<AccessToken[]> {
      const rows = await database.orm
        .select()
        .from(accessTokens)
        .where(and(ownerCondition(accessTokens, referenceOf(context.actor)), isNull(accessTokens.revokedAt)))
        .orderBy(desc(accessTokens.createdAt), desc(accessTokens.id));
      return rows.map(presentAccessToken);
    },

    /** Only the owner revokes a token; someone else's answers 404, as if it did not exist. */
    async revokeAccessToken(context: Context, tokenId: string): Promise<void> {
      const revoked = await database.orm
        .update(accessTokens)
        .set({ revokedAt: context.now })
        .where(
          and(
            eq(accessTokens.id, tokenId),
            ownerCondition(accessTokens, referenceOf(context.actor)),
            isNull(accessTokens.revokedAt),
          ),
        )
        .returning({ id: accessTokens.id });
      if (revoked.length === 0) throw notFound('ACCESS_TOKEN_NOT_FOUND', 'No such token');
    },

    async changePassword(context: Context, currentPassword: string, newPassword: string): Promise<void> {
      const reference = referenceOf(context.actor);
      const table = reference.userId ? users : contacts;
      const id = (reference.userId ?? reference.contactId)!;
      const [row] = await database.orm.select({ hash: table.passwordHash }).from(table).where(eq(table.id, id));
      if (!row?.hash || !(await passwords.verify(row.hash, currentPassword))) {
        throw new AppError(400, 'CURRENT_PASSWORD_INCORRECT', 'The current password is not right', {
          fields: [{ path: 'body.currentPassword', message: 'Incorrect' }],
        });
      }
      const hash = await passwords.hash(newPassword);
      await database.orm.update(table).set({ passwordHash: hash, updatedAt: context.now }).where(eq(table.id, id));
    },

    /**
     * Emails a reset link when the address belongs to an active account. Answers the same either
     * way, so the form cannot be used to find out who has an account.
     */
    async requestPasswordReset(now: Date, email: string): Promise<void> {
      const found = await findAccountByEmail(database.orm, email);
      if (!found || !found.active) return;
      await database.transaction(async (tx) => {
        const loaded = await loadActiveAccount(tx, found.reference);
        if (!loaded) return;
        const link = await createOneTimeLink(tx, now, 'password_reset', found.reference);
        await outbox.queueEmail(tx, now, passwordResetEmail(loaded.account, link));
      });
    },

    createOneTimeLink,

    /** Spends a one-time link (invitation or reset) to set a password. */
    async setPasswordWithToken(now: Date, secret: string, password: string): Promise<void> {
      const hash = await passwords.hash(password);
      await database.transaction(async (tx) => {
        const [token] = await tx
          .update(oneTimeTokens)
          .set({ usedAt: now })
          .where(
            and(
              eq(oneTimeTokens.tokenHash, hashSecret(secret)),
              isNull(oneTimeTokens.usedAt),
              gt(oneTimeTokens.expiresAt, now),
            ),
          )
          .returning();
        if (!token) {
          throw new AppError(400, 'ONE_TIME_TOKEN_INVALID', 'This link is invalid, expired or already used', {
            fields: [{ path: 'body.token', message: 'Invalid or expired' }],
          });
        }
        if (token.userId) {
          await tx.update(users).set({ passwordHash: hash, updatedAt: now }).where(eq(users.id, token.userId));
        } else if (token.contactId) {
          await tx.update(contacts).set({ passwordHash: hash, updatedAt: now }).where(eq(contacts.id, token.contactId));
        }
        // A new password ends every other session of the account.
        await tx
          .delete(sessions)
          .where(token.userId ? eq(sessions.userId, token.userId) : eq(sessions.contactId, token.contactId!));
      });
    },

    async updateProfile(
      context: Context,
      changes: { name?: string | undefined; language?: Account['language'] | undefined },
    ) {
      const reference = referenceOf(context.actor);
      const table = reference.userId ? users : contacts;
      const id = (reference.userId ?? reference.contactId)!;
      const set = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
      if (Object.keys(set).length > 0) {
        await database.orm
          .update(table)
          .set({ ...set, updatedAt: context.now })
          .where(eq(table.id, id));
      }
      const loaded = await loadActiveAccount(database.orm, reference);
      if (!loaded) throw new AppError(401, 'UNAUTHENTICATED', 'Sign in first');
      return loaded.account;
    },
  };
}

function presentAccessToken(row: typeof accessTokens.$inferSelect): AccessToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

export type Authentication = ReturnType<typeof createAuthentication>;
