/**
 * Attachments: uploads (type from the content, executables refused, size bounded), downloads under
 * the visibility of the message they belong to, linking uploads to a new message, files that came
 * with inbound mail, and the sweep of abandoned uploads and unreferenced files.
 *
 * Who may read an attachment: before it is linked, its uploader only; once linked, whoever may see
 * its message — staff who may see the ticket; a customer only when the message is public (internal
 * notes and their files never reach a customer: 404, as for anything they may not see).
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { inArray } from 'drizzle-orm';
import type { UploadedAttachment } from '../../../contracts/attachments.contract.js';
import { isPreviewable } from '../../../contracts/attachments.contract.js';
import type { Transaction } from '../../db/database.js';
import type { Dependencies } from '../../dependencies.js';
import { AppError, forbidden, notFound } from '../../http/app-error.js';
import type { Actor, Context } from '../../http/context.js';
import { judgeContent, normalizeFilename } from './attachment-content.js';
import {
  findAttachment,
  linkUnlinkedUploads,
  presentAttachment,
  referencedAddresses,
  staleUploads,
} from './attachments.repo.js';
import { attachments, type AttachmentRow } from './attachments.schema.js';
import type { AttachmentStorage } from './attachments.storage.js';

/** What the attachments module needs to know about the conversation, handed in at assembly. */
export interface AttachmentsCollaborators {
  /** True when the caller may see this message (ticket in scope; customers: public messages only). */
  canSeeMessage(context: Context, messageId: string): Promise<boolean>;
  /** True when the caller may see this ticket (for inbound files not yet tied to a message). */
  canSeeTicket(context: Context, ticketId: string): Promise<boolean>;
}

/** Uploads unlinked for longer than this are deleted by the sweep. */
export const UNLINKED_UPLOAD_HOURS = 24;
/** A stored file younger than this is never swept: its row may not be committed yet. */
const FILE_GRACE_MILLISECONDS = 60 * 60 * 1000;

const attachmentNotFound = () => notFound('ATTACHMENT_NOT_FOUND', 'No such attachment');

export interface Upload {
  filename: string | undefined;
  content: Readable;
  /** Asked after the content was read: true when the size limit cut it short. */
  truncated(): boolean;
}

/**
 * Links the caller's own, not yet linked uploads to a message, inside the message's transaction.
 * Any id that does not qualify fails the whole message: 400 `ATTACHMENTS_NOT_LINKABLE` listing them.
 */
export async function linkAttachmentsToMessage(
  tx: Transaction,
  input: { attachmentIds: string[]; ticketId: string; messageId: string; actor: Actor },
): Promise<void> {
  if (input.attachmentIds.length === 0) return;
  const linked = new Set(await linkUnlinkedUploads(tx, input));
  const failing = input.attachmentIds.filter((id) => !linked.has(id));
  if (failing.length > 0) {
    throw new AppError(
      400,
      'ATTACHMENTS_NOT_LINKABLE',
      'Some attachments do not exist, are not your uploads, or are already attached to a message',
      {
        attachmentIds: failing,
        fields: failing.map((id) => ({
          path: `body.attachmentIds.${input.attachmentIds.indexOf(id)}`,
          message: 'Unknown, not yours, or already attached',
        })),
      },
    );
  }
}

/** A file without an uploader (inbound mail) written to the storage, its row not inserted yet. */
export interface StagedAttachment {
  /** The id its row will have (chosen here, so the message can list it before the row exists). */
  fileId: string;
  sha256: string;
  size: number;
  /** Detected from the bytes (see `stageAttachmentContent`). */
  contentType: string;
  filename: string;
  inline: boolean;
  contentId: string | null;
}

/**
 * Writes a file that came without an uploader (inbound mail) to the storage: the content is
 * written, its type detected (executables are kept but stored as `application/octet-stream`, never
 * served as programs). Its row is written by `insertStagedAttachments`. A file written for a
 * transaction that then rolls back is content-addressed: the retry writes the same file, and one
 * no row references is swept.
 */
export async function stageAttachmentContent(
  storage: AttachmentStorage,
  input: {
    filename: string;
    content: Buffer;
    /** What the mail declared: ignored on purpose, the stored type comes from the bytes. */
    contentType?: string | undefined;
    inline?: boolean | undefined;
    contentId?: string | null | undefined;
  },
): Promise<StagedAttachment> {
  const filename = normalizeFilename(input.filename);
  const staged = await storage.stage(input.content);
  if (staged.size === 0) {
    await staged.discard();
    throw new AppError(400, 'ATTACHMENT_EMPTY', 'The file is empty');
  }
  const verdict = await judgeContent(staged.head, filename);
  // A mail is kept whole: a refused type is stored, but only ever downloaded as opaque bytes.
  const contentType = verdict.refused ? 'application/octet-stream' : verdict.contentType;
  await staged.commit();
  return {
    fileId: randomUUID(),
    sha256: staged.sha256,
    size: staged.size,
    contentType,
    filename,
    inline: input.inline ?? false,
    contentId: input.contentId ?? null,
  };
}

/** `insertStagedAttachments`: the rows of files $1… of ticket $8 and message $9, created at $10. */
const INSERT_STAGED_ATTACHMENTS = `
  INSERT INTO attachments (id, sha256, size, content_type, filename, inline, content_id, ticket_id, message_id, created_at)
  SELECT file.id, file.sha256, file.size, file.content_type, file.filename, file.inline, file.content_id,
         $8::uuid, $9::uuid, $10::timestamptz
    FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::boolean[], $7::text[])
      AS file(id, sha256, size, content_type, filename, inline, content_id)`;

/** The rows of staged files, for their ticket and message, in `tx`: one named statement for them all. */
export async function insertStagedAttachments(
  tx: Transaction,
  files: StagedAttachment[],
  owner: { ticketId: string | null; messageId: string | null; now: Date },
): Promise<void> {
  if (files.length === 0) return;
  await tx.$client.query({
    name: 'attachments-insert-staged',
    text: INSERT_STAGED_ATTACHMENTS,
    values: [
      files.map((file) => file.fileId),
      files.map((file) => file.sha256),
      files.map((file) => file.size),
      files.map((file) => file.contentType),
      files.map((file) => file.filename),
      files.map((file) => file.inline),
      files.map((file) => file.contentId),
      owner.ticketId,
      owner.messageId,
      owner.now.toISOString(),
    ],
  });
}

/**
 * Stores a file that came without an uploader: `stageAttachmentContent`, then its row in `tx`.
 * Returns the row's id.
 */
export async function storeAttachmentContent(
  tx: Transaction,
  storage: AttachmentStorage,
  input: Parameters<typeof stageAttachmentContent>[1] & {
    ticketId?: string | undefined;
    messageId?: string | undefined;
    now: Date;
  },
): Promise<{ id: string; contentType: string; size: number; filename: string }> {
  const staged = await stageAttachmentContent(storage, input);
  await insertStagedAttachments(tx, [staged], {
    ticketId: input.ticketId ?? null,
    messageId: input.messageId ?? null,
    now: input.now,
  });
  return { id: staged.fileId, contentType: staged.contentType, size: staged.size, filename: staged.filename };
}

export function createAttachments(
  deps: Dependencies,
  storage: AttachmentStorage,
  collaborators: AttachmentsCollaborators,
) {
  const { database } = deps;

  async function mayRead(context: Context, row: AttachmentRow): Promise<boolean> {
    const { actor } = context;
    if (row.messageId) return collaborators.canSeeMessage(context, row.messageId);
    if (actor.kind === 'user' && row.uploadedByUserId === actor.id) return true;
    if (actor.kind === 'contact' && row.uploadedByContactId === actor.id) return true;
    // An inbound file tied to a ticket but not (yet) to a message: staff of that ticket only.
    if (row.ticketId && actor.kind === 'user') return collaborators.canSeeTicket(context, row.ticketId);
    return false;
  }

  return {
    storage,

    async upload(context: Context, upload: Upload): Promise<UploadedAttachment> {
      const { actor } = context;
      if (actor.kind !== 'user' && actor.kind !== 'contact') throw forbidden();
      const filename = normalizeFilename(upload.filename);
      const staged = await storage.stage(upload.content);
      if (upload.truncated()) {
        await staged.discard();
        throw new AppError(413, 'ATTACHMENT_TOO_LARGE', 'The file is larger than the limit', {
          maxBytes: deps.config.attachmentMaxBytes,
        });
      }
      if (staged.size === 0) {
        await staged.discard();
        throw new AppError(400, 'ATTACHMENT_EMPTY', 'The file is empty');
      }
      const verdict = await judgeContent(staged.head, filename);
      if (verdict.refused) {
        await staged.discard();
        throw new AppError(400, 'ATTACHMENT_TYPE_REFUSED', verdict.reason, { filename });
      }
      await staged.commit();
      const [row] = await database.orm
        .insert(attachments)
        .values({
          sha256: staged.sha256,
          size: staged.size,
          contentType: verdict.contentType,
          filename,
          uploadedByUserId: actor.kind === 'user' ? actor.id : null,
          uploadedByContactId: actor.kind === 'contact' ? actor.id : null,
          createdAt: context.now,
        })
        .returning();
      const { inline: _inline, ...uploaded } = presentAttachment(row!);
      return uploaded;
    },

    /** The attachment and its bytes, when the caller may read it; `preview` only for raster images. */
    async open(context: Context, id: string, options: { preview: boolean }) {
      const row = await findAttachment(database.orm, id);
      if (!row || !(await mayRead(context, row))) throw attachmentNotFound();
      if (options.preview && !isPreviewable(row.contentType)) {
        throw new AppError(415, 'ATTACHMENT_NOT_PREVIEWABLE', 'Only PNG, JPEG, GIF and WebP images have a preview');
      }
      const content = await storage.get(row.sha256);
      if (!content) {
        deps.logger.error({ attachmentId: row.id, sha256: row.sha256 }, 'attachment file missing from storage');
        throw new AppError(410, 'ATTACHMENT_CONTENT_MISSING', 'The file of this attachment is no longer stored');
      }
      return { attachment: presentAttachment(row), content };
    },

    /**
     * Deletes uploads left unlinked for 24 hours, then every stored file that no row references
     * (older than an hour, so that a file whose row is being written is left alone).
     */
    async sweep(now: Date): Promise<{ uploadsDeleted: number; filesDeleted: number }> {
      const cutoff = new Date(now.getTime() - UNLINKED_UPLOAD_HOURS * 3_600_000);
      let uploadsDeleted = 0;
      for (;;) {
        const stale = await staleUploads(database.orm, cutoff, 500);
        if (stale.length === 0) break;
        await database.orm.delete(attachments).where(
          inArray(
            attachments.id,
            stale.map((row) => row.id),
          ),
        );
        uploadsDeleted += stale.length;
      }
      let filesDeleted = 0;
      const batch: string[] = [];
      const flush = async () => {
        const referenced = await referencedAddresses(database.orm, batch);
        for (const sha256 of batch) {
          if (referenced.has(sha256)) continue;
          await storage.delete(sha256);
          filesDeleted += 1;
        }
        batch.length = 0;
      };
      for await (const file of storage.list()) {
        if (file.storedAt.getTime() > now.getTime() - FILE_GRACE_MILLISECONDS) continue;
        batch.push(file.sha256);
        if (batch.length >= 200) await flush();
      }
      await flush();
      return { uploadsDeleted, filesDeleted };
    },
  };
}

export type Attachments = ReturnType<typeof createAttachments>;
