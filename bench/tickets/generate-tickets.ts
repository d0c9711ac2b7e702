/**
 * Fills a migrated, demo-seeded Sportello database with a large desk, in SQL (generate_series):
 * contacts, tickets in every status and level, five messages per ticket in Italian or English
 * (every thousandth ticket has twenty), and one `created` event each. Runs in batches, one
 * transaction each, so progress shows and a batch failure leaves whole batches behind.
 *
 * The full-text GIN index on messages is dropped during the load and rebuilt at the end: building
 * it once is several times faster than maintaining it row by row.
 */
import type pg from 'pg';

const italianWords = (
  'stampante rete posta accesso password server errore lento bloccato fattura contratto aggiornamento ' +
  'installazione licenza utente ufficio sede Milano Roma Torino cliente ordine consegna telefono ' +
  'collegamento VPN cartella condivisa backup ripristino monitor portatile sostituzione richiesta urgente ' +
  'gestionale magazzino scansione certificato scadenza rinnovo configurazione firewall dominio'
).split(' ');
const englishWords = (
  'printer network mail access password server error slow blocked invoice contract update installation ' +
  'licence user office branch London customer order delivery phone connection VPN shared folder backup ' +
  'restore monitor laptop replacement request urgent warehouse scanner certificate expiry renewal ' +
  'configuration firewall domain outage'
).split(' ');
const subjectOpenings = [
  'Non funziona',
  'Problema con',
  'Richiesta di',
  'Errore su',
  'Blocco del',
  'Cannot use',
  'Issue with',
  'Request for',
  'Error on',
  'Outage of',
];

function sqlArray(values: string[]): string {
  return `ARRAY[${values.map((value) => `'${value.replaceAll("'", "''")}'`).join(',')}]`;
}

export interface GenerateOptions {
  tickets: number;
  batchSize?: number;
  log?: (line: string) => void;
}

/** Inserts `tickets` tickets (numbered 2025-0000001 onwards) unless the database already has them. */
export async function generateTickets(pool: pg.Pool, options: GenerateOptions): Promise<void> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const batchSize = options.batchSize ?? 50_000;
  const { rows } = await pool.query<{ count: string }>(`SELECT count(*) FROM tickets WHERE number LIKE '2025-%'`);
  const existing = Number(rows[0]!.count);
  if (existing >= options.tickets) {
    log(`already ${existing} generated tickets: nothing to do`);
    return;
  }
  await pool.query(`DROP INDEX IF EXISTS messages_search_idx`);
  await pool.query(`DROP INDEX IF EXISTS tickets_search_idx`);
  const contacts = Math.max(1000, Math.floor(options.tickets / 20));
  await pool.query(
    `INSERT INTO contacts (organization_id, name, language)
     SELECT (SELECT id FROM organizations ORDER BY name LIMIT 1 OFFSET (g % (SELECT count(*) FROM organizations))),
            'Contatto ' || g, CASE WHEN g % 3 = 0 THEN 'en' ELSE 'it' END::language
     FROM generate_series(1, $1) g
     WHERE NOT EXISTS (SELECT 1 FROM contacts WHERE name = 'Contatto 1')`,
    [contacts],
  );
  for (let start = existing + 1; start <= options.tickets; start += batchSize) {
    const end = Math.min(options.tickets, start + batchSize - 1);
    const began = Date.now();
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(insertTicketsSql, [start, end]);
      await client.query(insertMessagesSql, [start, end]);
      await client.query(insertEventsSql, [start, end]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
    log(`tickets ${start}–${end} in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  }
  const began = Date.now();
  await pool.query(`CREATE INDEX messages_search_idx ON messages USING gin (search)`);
  await pool.query(`CREATE INDEX tickets_search_idx ON tickets USING gin (search)`);
  // A desk that grew over years has been vacuumed by autovacuum: the visibility map lets searches
  // and counts skip the heap. Freshly bulk-loaded rows have none, which doubled search's database
  // time (13.5 → 31.5 ms CPU per search at 1M tickets) until autovacuum came round.
  await pool.query('VACUUM (ANALYZE)');
  log(`search indexes, visibility map and statistics in ${((Date.now() - began) / 1000).toFixed(1)} s`);
}

// Deterministic per ticket number g: hashes of g pick status, level, group, requester and words.
const insertTicketsSql = `
WITH
  statuses AS (SELECT array_agg(id ORDER BY category) FILTER (WHERE is_default) AS ids,
                      array_agg(category::text ORDER BY category) FILTER (WHERE is_default) AS categories
               FROM ticket_statuses),
  level1 AS (SELECT array_agg(id ORDER BY name) AS ids FROM groups WHERE support_level = 1 AND active),
  level2 AS (SELECT array_agg(id ORDER BY name) AS ids FROM groups WHERE support_level = 2 AND active),
  members AS (SELECT group_id, array_agg(user_id ORDER BY user_id) AS ids FROM group_members GROUP BY group_id),
  requesters AS (SELECT array_agg(id ORDER BY id) AS ids FROM contacts WHERE active),
  services AS (SELECT array_agg(id ORDER BY name) AS ids FROM services),
  picked AS (
    SELECT g,
      CASE WHEN g % 100 < 70 THEN 'closed' WHEN g % 100 < 80 THEN 'resolved' WHEN g % 100 < 90 THEN 'open'
           WHEN g % 100 < 95 THEN 'pending_customer' ELSE 'new' END AS category,
      CASE WHEN g % 5 = 0 THEN 2 ELSE 1 END AS level,
      now() - make_interval(mins => ((g::bigint * 7919) % (730 * 24 * 60))::int) AS created_at,
      (ARRAY['high','medium','low'])[1 + g % 3] AS impact,
      (ARRAY['high','medium','low'])[1 + (g / 3) % 3] AS urgency
    FROM generate_series($1::int, $2::int) g
  )
INSERT INTO tickets (number, type, subject, status_id, impact, urgency, priority, support_level, group_id,
                     level1_group_id, assignee_id, requester_id, organization_id, service_id, channel, tags,
                     created_at, updated_at, resolved_at, closed_at)
SELECT '2025-' || lpad(p.g::text, 7, '0'),
       CASE WHEN p.g % 2 = 0 THEN 'incident' ELSE 'service_request' END::ticket_type,
       (${sqlArray(subjectOpenings)})[1 + p.g % ${subjectOpenings.length}] || ' ' ||
         CASE WHEN p.g % ${subjectOpenings.length} < 5
              THEN (${sqlArray(italianWords)})[1 + (p.g * 31) % ${italianWords.length}] || ' ' || (${sqlArray(italianWords)})[1 + (p.g * 17) % ${italianWords.length}]
              ELSE (${sqlArray(englishWords)})[1 + (p.g * 31) % ${englishWords.length}] || ' ' || (${sqlArray(englishWords)})[1 + (p.g * 17) % ${englishWords.length}] END,
       statuses.ids[array_position(statuses.categories, p.category)],
       p.impact::level_of_impact, p.urgency::level_of_impact,
       (SELECT priority FROM priority_matrix m WHERE m.impact = p.impact::level_of_impact AND m.urgency = p.urgency::level_of_impact),
       p.level, chosen.group_id, chosen.level1_group_id,
       CASE WHEN p.category = 'new' OR p.g % 7 = 0 THEN NULL
            ELSE members.ids[1 + p.g % cardinality(members.ids)] END,
       requester.id, requester.organization_id,
       CASE WHEN p.g % 4 = 0 THEN NULL ELSE services.ids[1 + p.g % cardinality(services.ids)] END,
       (ARRAY['email','portal','phone','web_form','api'])[1 + p.g % 5]::channel,
       CASE WHEN p.g % 10 = 0 THEN ARRAY['vip'] WHEN p.g % 10 = 1 THEN ARRAY['hardware'] ELSE '{}'::text[] END,
       p.created_at,
       p.created_at + make_interval(mins => p.g % 2000),
       CASE WHEN p.category IN ('resolved', 'closed') THEN p.created_at + make_interval(mins => p.g % 1500) END,
       CASE WHEN p.category = 'closed' THEN p.created_at + make_interval(mins => 1500 + p.g % 10000) END
FROM picked p
CROSS JOIN statuses CROSS JOIN level1 CROSS JOIN level2 CROSS JOIN requesters CROSS JOIN services
CROSS JOIN LATERAL (
  SELECT level1.ids[1 + p.g % cardinality(level1.ids)] AS level1_group_id,
         CASE WHEN p.level = 2 THEN level2.ids[1 + p.g % cardinality(level2.ids)]
              ELSE level1.ids[1 + p.g % cardinality(level1.ids)] END AS group_id
) chosen
LEFT JOIN members ON members.group_id = chosen.group_id
CROSS JOIN LATERAL (
  SELECT c.id, c.organization_id FROM contacts c WHERE c.id = requesters.ids[1 + ((p.g::bigint * 104729) % cardinality(requesters.ids))::int]
) requester`;

const insertMessagesSql = `
INSERT INTO messages (ticket_id, kind, visibility, author_user_id, author_contact_id, body_html, body_text, language, created_at)
SELECT t.id,
       CASE WHEN n = 1 THEN 'email' WHEN n % 4 = 0 THEN 'note' ELSE 'portal' END::message_kind,
       CASE WHEN n % 4 = 0 THEN 'internal' ELSE 'public' END::visibility,
       CASE WHEN n % 2 = 0 THEN t.assignee_id END,
       CASE WHEN n % 2 = 1 OR t.assignee_id IS NULL THEN t.requester_id END,
       '<p>' || body.text || '</p>', body.text,
       CASE WHEN right(t.number, 1) IN ('0','2','4','6','8') THEN 'it' ELSE 'en' END::search_language,
       t.created_at + make_interval(mins => n * 37)
FROM tickets t
CROSS JOIN LATERAL generate_series(1, CASE WHEN substr(t.number, 6)::int % 1000 = 0 THEN 20 ELSE 5 END) n
CROSS JOIN LATERAL (
  SELECT array_to_string(ARRAY(
    SELECT CASE WHEN right(t.number, 1) IN ('0','2','4','6','8')
                THEN (${sqlArray(italianWords)})[1 + floor(random() * ${italianWords.length})::int]
                ELSE (${sqlArray(englishWords)})[1 + floor(random() * ${englishWords.length})::int] END
    FROM generate_series(1, 18 + n % 12)), ' ') AS text
) body
WHERE t.number BETWEEN '2025-' || lpad($1::text, 7, '0') AND '2025-' || lpad($2::text, 7, '0')`;

const insertEventsSql = `
INSERT INTO ticket_events (ticket_id, kind, actor_contact_id, changes, created_at)
SELECT t.id, 'created', t.requester_id, '[]'::jsonb, t.created_at
FROM tickets t
WHERE t.number BETWEEN '2025-' || lpad($1::text, 7, '0') AND '2025-' || lpad($2::text, 7, '0')`;
