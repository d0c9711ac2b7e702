import { useCallback, useEffect, useRef, useState } from 'react';
import type { UploadedAttachment } from '../../../../contracts/attachments.contract';
import { uploadAttachment } from './attachments.api';

export interface PendingUpload {
  key: string;
  name: string;
  size: number;
  /** 0–1 while uploading. */
  progress: number;
  status: 'uploading' | 'done' | 'failed';
  attachment: UploadedAttachment | null;
  error: unknown;
}

/** At most this many files per message, as the server accepts (attachmentIds ≤ 20). */
export const MAX_ATTACHMENTS = 20;

/**
 * Files picked for a message: each uploads as soon as it is picked, with its progress; a removed
 * one is cancelled or forgotten (the server deletes unattached uploads after a day).
 */
export function useAttachmentUploads() {
  const [uploads, setUploads] = useState<PendingUpload[]>([]);
  const controllers = useRef(new Map<string, AbortController>());

  useEffect(() => {
    const running = controllers.current;
    return () => running.forEach((controller) => controller.abort());
  }, []);

  const update = useCallback((key: string, change: Partial<PendingUpload>) => {
    setUploads((current) => current.map((upload) => (upload.key === key ? { ...upload, ...change } : upload)));
  }, []);

  const add = useCallback(
    (files: File[]) => {
      for (const file of files) {
        const key = crypto.randomUUID();
        const controller = new AbortController();
        controllers.current.set(key, controller);
        setUploads((current) =>
          current.length >= MAX_ATTACHMENTS
            ? current
            : [
                ...current,
                {
                  key,
                  name: file.name,
                  size: file.size,
                  progress: 0,
                  status: 'uploading',
                  attachment: null,
                  error: null,
                },
              ],
        );
        uploadAttachment(file, (progress) => update(key, { progress }), controller.signal)
          .then((attachment) => update(key, { status: 'done', progress: 1, attachment }))
          .catch((error: unknown) => {
            if (error instanceof DOMException && error.name === 'AbortError') return;
            update(key, { status: 'failed', error });
          })
          .finally(() => controllers.current.delete(key));
      }
    },
    [update],
  );

  const remove = useCallback((key: string) => {
    controllers.current.get(key)?.abort();
    setUploads((current) => current.filter((upload) => upload.key !== key));
  }, []);

  const clear = useCallback(() => setUploads([]), []);

  return {
    uploads,
    add,
    remove,
    clear,
    /** Ids to send with the message. */
    attachmentIds: uploads.flatMap((upload) => (upload.attachment ? [upload.attachment.id] : [])),
    /** Still uploading: sending now would leave files out. */
    busy: uploads.some((upload) => upload.status === 'uploading'),
  };
}

export type AttachmentUploads = ReturnType<typeof useAttachmentUploads>;
