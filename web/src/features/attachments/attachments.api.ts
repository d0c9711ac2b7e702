import type { UploadedAttachment } from '../../../../contracts/attachments.contract';
import { apiBasePath, getCsrfToken } from '../../api/api-client';
import { ApiError } from '../../api/api-error';

export const attachmentUrl = (id: string) => `${apiBasePath}/attachments/${id}`;
export const attachmentPreviewUrl = (id: string) => `${apiBasePath}/attachments/${id}/preview`;

function errorOf(request: XMLHttpRequest): ApiError {
  type ErrorShape = { error?: { code?: unknown; message?: unknown; details?: unknown } };
  let body: ErrorShape | null = null;
  try {
    body = JSON.parse(request.responseText) as ErrorShape;
  } catch {
    body = null;
  }
  const error = body?.error;
  return new ApiError({
    status: request.status,
    code: typeof error?.code === 'string' ? error.code : `HTTP_${request.status}`,
    message: typeof error?.message === 'string' ? error.message : request.statusText,
    details: error?.details,
  });
}

/**
 * Uploads one file (`POST /attachments`, multipart). XMLHttpRequest rather than fetch: fetch
 * cannot report upload progress. Rejects with an ApiError carrying the server's code.
 */
export function uploadAttachment(
  file: File,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<UploadedAttachment> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `${apiBasePath}/attachments`);
    request.withCredentials = true;
    request.setRequestHeader('Accept', 'application/json');
    const csrfToken = getCsrfToken();
    if (csrfToken) request.setRequestHeader('X-CSRF-Token', csrfToken);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      if (request.status === 201) resolve(JSON.parse(request.responseText) as UploadedAttachment);
      else reject(errorOf(request));
    };
    request.onerror = () =>
      reject(new ApiError({ status: 0, code: 'NETWORK_ERROR', message: 'The server could not be reached' }));
    request.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    signal?.addEventListener('abort', () => request.abort());
    const form = new FormData();
    form.append('file', file, file.name);
    request.send(form);
  });
}
