/**
 * Attachments: files uploaded by staff and customers or received by mail, stored content-addressed
 * (ADR 0004) and readable under the visibility of the message they belong to. Reaches the
 * conversation only through the collaborators handed in; the tickets module reaches it through the
 * `MessageAttachments` port built here (server.ts).
 */
import path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import type { Dependencies } from '../../dependencies.js';
import { defineJob } from '../../jobs/job-queue.js';
import { z } from 'zod';
import { attachmentsOfMessages } from './attachments.repo.js';
import { attachmentsRoutes } from './attachments.routes.js';
import { createAttachments, linkAttachmentsToMessage, type AttachmentsCollaborators } from './attachments.service.js';
import { createDirectoryStorage, type AttachmentStorage } from './attachments.storage.js';

export type { AttachmentsCollaborators, Attachments, Upload } from './attachments.service.js';
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
  const messageAttachments = { link: linkAttachmentsToMessage, listForMessages: attachmentsOfMessages };

  const routes: FastifyPluginAsync = async (app) => {
    await app.register(attachmentsRoutes, { attachments, config: deps.config });
  };
  return { attachments, storage, messageAttachments, routes };
}

export type AttachmentsModule = ReturnType<typeof createAttachmentsModule>;
