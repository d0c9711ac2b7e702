/**
 * Email templates: the built-in texts (email-template-defaults.ts) with the admins' overrides from
 * `email_templates`. An override is saved only if it renders with the sample data, so a notice
 * never fails on a broken template; resetting deletes the override.
 */
import { and, eq } from 'drizzle-orm';
import type { Language } from '../../../contracts/common.contract.js';
import {
  emailTemplateKeySchema,
  type EmailTemplate,
  type EmailTemplateKey,
  type PreviewEmailTemplateBody,
  type RenderedEmail,
  type UpdateEmailTemplateBody,
} from '../../../contracts/mail.contract.js';
import type { Transaction } from '../../db/database.js';
import type { Dependencies } from '../../dependencies.js';
import { forbidden, versionConflict } from '../../http/app-error.js';
import type { Context } from '../../http/context.js';
import { defaultEmailTemplates, type TemplateText } from './email-template-defaults.js';
import { renderTemplate, sampleTemplateData, type TemplateData } from './email-template-renderer.js';
import { emailTemplates } from './mail.schema.js';

const languages: Language[] = ['it', 'en'];

export type Queryable = Dependencies['database']['orm'] | Transaction;

type OverrideRow = typeof emailTemplates.$inferSelect;

function present(key: EmailTemplateKey, language: Language, override: OverrideRow | undefined): EmailTemplate {
  const builtIn = defaultEmailTemplates[key][language];
  return override
    ? {
        key,
        language,
        subject: override.subject,
        bodyHtml: override.bodyHtml,
        bodyText: override.bodyText,
        customized: true,
        version: override.version,
        updatedAt: override.updatedAt.toISOString(),
      }
    : { key, language, ...builtIn, customized: false, version: 0, updatedAt: null };
}

function assertAdmin(context: Context) {
  if (context.actor.kind !== 'user' || context.actor.role !== 'admin') throw forbidden();
}

/** A notice from the override read by the caller (null: none), else the built-in text. */
export function renderNoticeText(
  override: TemplateText | null | undefined,
  key: EmailTemplateKey,
  language: Language,
  data: TemplateData,
): Promise<RenderedEmail> {
  const source = override
    ? { subject: override.subject, bodyHtml: override.bodyHtml, bodyText: override.bodyText ?? null }
    : defaultEmailTemplates[key][language];
  return renderTemplate(source, data);
}

export function createEmailTemplates(deps: Pick<Dependencies, 'database' | 'config'>) {
  const { database } = deps;

  async function override(db: Queryable, key: EmailTemplateKey, language: Language) {
    const [row] = await db
      .select()
      .from(emailTemplates)
      .where(and(eq(emailTemplates.key, key), eq(emailTemplates.language, language)));
    return row;
  }

  return {
    async listTemplates(context: Context): Promise<EmailTemplate[]> {
      assertAdmin(context);
      const rows = await database.orm.select().from(emailTemplates);
      return emailTemplateKeySchema.options.flatMap((key) =>
        languages.map((language) =>
          present(
            key,
            language,
            rows.find((row) => row.key === key && row.language === language),
          ),
        ),
      );
    },

    async updateTemplate(
      context: Context,
      key: EmailTemplateKey,
      language: Language,
      input: UpdateEmailTemplateBody,
    ): Promise<EmailTemplate> {
      assertAdmin(context);
      const source: TemplateText = {
        subject: input.subject,
        bodyHtml: input.bodyHtml,
        bodyText: input.bodyText ?? null,
      };
      await renderTemplate(source, sampleTemplateData(key, language, deps.config.baseUrl));
      const saved = await database.transaction(async (tx) => {
        const current = await override(tx, key, language);
        const currentVersion = current?.version ?? 0;
        if (input.version !== currentVersion) throw versionConflict('EMAIL_TEMPLATE_VERSION_CONFLICT', currentVersion);
        const values = {
          ...source,
          updatedByUserId: context.actor.kind === 'user' ? context.actor.id : null,
          updatedAt: context.now,
        };
        const [row] = current
          ? await tx
              .update(emailTemplates)
              .set({ ...values, version: current.version + 1 })
              .where(eq(emailTemplates.id, current.id))
              .returning()
          : await tx
              .insert(emailTemplates)
              .values({ key, language, ...values })
              .returning();
        return row!;
      });
      return present(key, language, saved);
    },

    /** Back to the built-in text. */
    async resetTemplate(context: Context, key: EmailTemplateKey, language: Language): Promise<EmailTemplate> {
      assertAdmin(context);
      await database.orm
        .delete(emailTemplates)
        .where(and(eq(emailTemplates.key, key), eq(emailTemplates.language, language)));
      return present(key, language, undefined);
    },

    /** Renders a draft with sample ticket data; invalid Liquid → 400 EMAIL_TEMPLATE_INVALID. */
    async previewTemplate(context: Context, input: PreviewEmailTemplateBody): Promise<RenderedEmail> {
      assertAdmin(context);
      return renderTemplate(
        { subject: input.subject, bodyHtml: input.bodyHtml, bodyText: input.bodyText ?? null },
        sampleTemplateData(input.key, input.language, deps.config.baseUrl),
      );
    },

    /** For notices: the override if any, else the built-in text, rendered with real data. */
    async renderNotice(
      db: Queryable,
      key: EmailTemplateKey,
      language: Language,
      data: TemplateData,
    ): Promise<RenderedEmail> {
      return renderNoticeText(await override(db, key, language), key, language, data);
    },
  };
}

export type EmailTemplates = ReturnType<typeof createEmailTemplates>;
