/**
 * Attachments: files uploaded by staff and customers or received by mail, stored content-addressed
 * (ADR 0004) and readable under the visibility of the message they belong to. Reaches the
 * conversation only through the collaborators handed in; the tickets module reaches it through the
 * `MessageAttachments` port built here (server.ts).
 */
import path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import type { Transaction } from '../../db/database.js';
import type { Dependencies } from '../../dependencies.js';
import { AppError } from '../../http/app-error.js';
import type { Context } from '../../http/context.js';
import { defineJob } from '../../jobs/job-queue.js';
import { z } from 'zod';
import { attachmentsOfMessageColumn, attachmentsOfMessages, storedFilesOfMessage } from './attachments.repo.js';
import { attachmentsRoutes } from './attachments.routes.js';
import {
  createAttachments,
  insertStagedAttachments,
  linkAttachmentsToMessage,
  stageAttachmentContent,
  type AttachmentsCollaborators,
  type StagedAttachment,
} from './attachments.service.js';
import { createDirectoryStorage, type AttachmentStorage } from './attachments.storage.js';

export type { AttachmentsCollaborators, Attachments, StagedAttachment, Upload } from './attachments.service.js';
export { linkAttachmentsToMessage, storeAttachmentContent, UNLINKED_UPLOAD_HOURS } from './attachments.service.js';
export { attachmentsOfMessages } from './attachments.repo.js';
export { createDirectoryStorage, type AttachmentStorage, type StagedContent } from './attachments.storage.js';
export { normalizeFilename } from './attachment-content.js';

/** The directory storage under `SPORTELLO_DATA_DIR/files`. */
export const defaultAttachmentStorage = (deps: Dependencies) =>
  createDirectoryStorage(path.join(deps.config.dataDirectory, 'files'));

export function createAttachmentsModule(
  deps: Dependencies,
  collaborators: AttachmentsCollaborators,
  storage: AttachmentStorage = defaultAttachmentStorage(deps),
) {
  const attachments = createAttachments(deps, storage, collaborators);
  const sweepJob = defineJob({
    name: 'attachments.delete-unused-files',
    payload: z.object({}).passthrough(),
    retryLimit: 2,
    handle: async () => {
      await attachments.sweep(deps.clock.now());
    },
  });
  deps.jobs.register(sweepJob);
  deps.jobs.scheduleRecurring(sweepJob, '17 * * * *');

  /** The port the tickets module uses: link uploads to a new message, list a message's files. */
  const messageAttachments = {
    link: linkAttachmentsToMessage,
    listForMessages: attachmentsOfMessages,
    ofMessageColumn: attachmentsOfMessageColumn,
  };

  /** The files of a message with their bytes: what the email carrying the message attaches. */
  async function filesOfMessage(messageId: string) {
    const rows = await storedFilesOfMessage(deps.database.orm, messageId);
    return Promise.all(
      rows.map(async (row) => {
        const stream = await storage.get(row.sha256);
        if (!stream) throw new Error(`attachment content ${row.sha256} is missing from the storage`);
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        return { filename: row.filename, contentType: row.contentType, content: Buffer.concat(chunks) };
      }),
    );
  }

  /**
   * A raster image of a message for the caller, with its bytes, or null when they may not read it,
   * it is not an image the preview would show, or its content is gone: the formatted email view
   * embeds inline images rather than linking them (its sandboxed frame sends no session cookie).
   */
  async function readInlineImage(context: Context, fileId: string) {
    try {
      const { attachment, content } = await attachments.open(context, fileId, { preview: true });
      const chunks: Buffer[] = [];
      for await (const chunk of content) chunks.push(chunk as Buffer);
      return { contentType: attachment.contentType, content: Buffer.concat(chunks) };
    } catch (error) {
      if (error instanceof AppError) return null;
      throw error;
    }
  }

  /**
   * Files of inbound mail, kept like uploads but with no uploader (the mail pipeline's sink): each
   * written to the storage first, so that the message's row lists them with their ids, then their
   * rows in one statement once the message exists.
   */
  const mailFiles = {
    stage: (file: {
      filename: string;
      contentType: string;
      content: Buffer;
      inline: boolean;
      contentId: string | null;
    }) => stageAttachmentContent(storage, file),
    insert: (tx: Transaction, files: StagedAttachment[], owner: { ticketId: string; messageId: string }) =>
      insertStagedAttachments(tx, files, { ...owner, now: deps.clock.now() }),
  };

  const routes: FastifyPluginAsync = async (app) => {
    await app.register(attachmentsRoutes, { attachments, config: deps.config });
  };
  return { attachments, storage, messageAttachments, filesOfMessage, readInlineImage, mailFiles, routes };
}

export type AttachmentsModule = ReturnType<typeof createAttachmentsModule>;
