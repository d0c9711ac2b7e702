/**
 * The mail the benchmark sends: new requests from a few hundred customers, and replies threaded to an
 * earlier request of the same customer by In-Reply-To / References; a share carries an attachment of
 * realistic size. Generated before the clock starts, from a seed, so two runs send the same mix (the
 * attachments are fresh random bytes: content-addressed storage must not de-duplicate them).
 */
import { randomBytes } from 'node:crypto';

export interface BenchMail {
  index: number;
  from: string;
  raw: string;
  /** The request this one replies to, or null for a new request. */
  repliesTo: number | null;
  attachmentBytes: number;
}

export interface MailMix {
  messages: number;
  /** Fraction of messages that reply to an earlier one. */
  replyShare: number;
  /** Fraction of messages with one attachment of 50–300 KB. */
  attachmentShare: number;
  /** Replies go to a request at least this many messages older (so it is usually processed). */
  replyDistance: number;
}

/** A small deterministic generator (mulberry32): the same seed gives the same mail. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const topics = [
  ['La stampante del secondo piano non stampa', 'Segnala carta inceppata ma il vassoio è vuoto.'],
  ['VPN non si connette', 'Da questa mattina il client VPN resta in "connessione in corso".'],
  ['Password bloccata', 'Ho sbagliato la password tre volte e ora il gestionale non mi fa entrare.'],
  ['Invoice missing from the portal', 'The November invoice does not show up in the customer portal.'],
  ['Backup notturno fallito', 'Il report del backup di stanotte riporta un errore di spazio su disco.'],
  ['Slow network in the Milan office', 'Since Monday every file copy to the server takes minutes.'],
];

function wrapBase64(content: Buffer): string {
  return (content.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

export function generateMail(mix: MailMix, seed = 42): BenchMail[] {
  const random = seeded(seed);
  const mail: BenchMail[] = [];
  const requestsOf = new Map<string, number[]>();
  for (let index = 0; index < mix.messages; index += 1) {
    const customer = Math.floor(random() * 300);
    const from = `cliente${customer}@bench-${customer % 30}.example`;
    const earlier = (requestsOf.get(from) ?? []).filter((request) => request <= index - mix.replyDistance);
    const repliesTo = earlier.length > 0 && random() < mix.replyShare ? earlier[earlier.length - 1]! : null;
    const [title, text] = topics[(repliesTo ?? index) % topics.length]!;
    const attachmentBytes = random() < mix.attachmentShare ? 50_000 + Math.floor(random() * 250_000) : 0;
    const messageId = `bench-${index}-${seed}@bench.example`;
    const headers = [
      `From: Cliente ${customer} <${from}>`,
      'To: support@example.com',
      `Subject: ${repliesTo === null ? `${title} (${index})` : `Re: ${title} (${repliesTo})`}`,
      `Date: ${new Date(Date.UTC(2026, 11, 1, 8, 0, 0) + index * 1000).toUTCString()}`,
      `Message-ID: <${messageId}>`,
      ...(repliesTo === null
        ? []
        : [
            `In-Reply-To: <bench-${repliesTo}-${seed}@bench.example>`,
            `References: <bench-${repliesTo}-${seed}@bench.example>`,
          ]),
      'MIME-Version: 1.0',
    ];
    const body =
      repliesTo === null
        ? `Buongiorno,\r\n${text}\r\nPotete aiutarmi? Richiesta ${index}.\r\n\r\nGrazie, Cliente ${customer}\r\n`
        : `Aggiornamento: il problema si ripresenta (messaggio ${index}).\r\n\r\n> ${text}\r\n`;
    let raw: string;
    if (attachmentBytes === 0) {
      raw = [...headers, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', body].join(
        '\r\n',
      );
    } else {
      const boundary = `bench-boundary-${index}`;
      raw = [
        ...headers,
        `Content-Type: multipart/mixed; boundary="${boundary}"`,
        '',
        `--${boundary}`,
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
        '',
        body,
        `--${boundary}`,
        `Content-Type: application/pdf; name="documento-${index}.pdf"`,
        `Content-Disposition: attachment; filename="documento-${index}.pdf"`,
        'Content-Transfer-Encoding: base64',
        '',
        wrapBase64(randomBytes(attachmentBytes)),
        `--${boundary}--`,
        '',
      ].join('\r\n');
    }
    if (repliesTo === null) requestsOf.set(from, [...(requestsOf.get(from) ?? []), index]);
    mail.push({ index, from, raw, repliesTo, attachmentBytes });
  }
  return mail;
}
