/**
 * Raw RFC 5322 messages for the inbound pipeline's tests: plain text, CRLF line ends, a unique
 * Message-ID unless one is given. `answering` writes a reply the way mail clients do (In-Reply-To
 * and References both name the parent); `inReplyTo` and `references` set one header alone, for the
 * threading tests that need exactly that.
 */
export interface RawMailOptions {
  from: string;
  to?: string;
  cc?: string;
  subject: string;
  messageId?: string | null;
  /** The Message-ID this mail answers: In-Reply-To and References both name it. */
  answering?: string;
  inReplyTo?: string;
  /** The References header as written (angle brackets included). */
  references?: string;
  headers?: Record<string, string>;
  body?: string;
}

let sequence = 0;

export function rawMail(options: RawMailOptions): { raw: string; messageId: string } {
  sequence += 1;
  const messageId = options.messageId ?? `m${sequence}.${Date.now()}@client.example`;
  const inReplyTo = options.inReplyTo ?? options.answering;
  const references = options.references ?? (options.answering ? `<${options.answering}>` : undefined);
  const lines = [
    `From: ${options.from}`,
    `To: ${options.to ?? 'Assistenza <support@example.com>'}`,
    ...(options.cc ? [`Cc: ${options.cc}`] : []),
    `Subject: ${options.subject}`,
    `Message-ID: <${messageId}>`,
    'Date: Mon, 02 Mar 2026 09:00:00 +0000',
    ...(inReplyTo ? [`In-Reply-To: <${inReplyTo}>`] : []),
    ...(references ? [`References: ${references}`] : []),
    ...Object.entries(options.headers ?? {}).map(([key, value]) => `${key}: ${value}`),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    options.body ?? 'Buongiorno, la stampante non funziona.',
    '',
  ];
  return { raw: lines.join('\r\n'), messageId };
}
