import { ApiError, apiErrorFromResponse } from './api-error';

/** Every API route lives under this prefix (DESIGN §4). */
export const apiBasePath = '/api/v1';

type QueryValue = string | number | boolean | null | undefined;
export type QueryParameters = Record<string, QueryValue>;

export interface RequestOptions {
  query?: QueryParameters;
  body?: unknown;
  signal?: AbortSignal;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * The CSRF token of the current browser session. The cookie is httpOnly, so the server hands the
 * token over in the Session object and expects it back on every state-changing request.
 */
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** For requests not made through `api` (file uploads with progress). */
export function getCsrfToken(): string | null {
  return csrfToken;
}

/** Called on any 401 so the app can forget the session and go back to the sign-in page. */
let onUnauthenticated: ((error: ApiError) => void) | null = null;

export function setUnauthenticatedHandler(handler: ((error: ApiError) => void) | null): void {
  onUnauthenticated = handler;
}

export function buildApiUrl(path: string, query?: QueryParameters): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    // Empty filters are left out rather than sent as `?q=`, which the server would have to special-case.
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const queryString = search.toString();
  return `${apiBasePath}${path}${queryString ? `?${queryString}` : ''}`;
}

async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(buildApiUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({ status: 0, code: 'NETWORK_ERROR', message: 'The server could not be reached' });
  }

  if (!response.ok) {
    const error = await apiErrorFromResponse(response);
    if (error.status === 401) onUnauthenticated?.(error);
    throw error;
  }
  if (response.status === 204 || response.status === 202) {
    // 202/204 carry no body we rely on; drain it so the connection can be reused.
    await response.text();
    return undefined as T;
  }
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A small typed client: JSON in and out, CSRF header added, failures thrown as ApiError. */
export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('GET', path, options),
  post: <T = void>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('POST', path, { ...options, body }),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) => request<T>('PATCH', path, { ...options, body }),
  put: <T>(path: string, body: unknown, options?: RequestOptions) => request<T>('PUT', path, { ...options, body }),
  delete: (path: string, options?: RequestOptions) => request<void>('DELETE', path, options),
};
