/**
 * Demo services, categories and tickets, made through the same use-cases as real work (so their
 * history is real): a few days of an Italian IT service desk, with level 1 work, escalations to
 * level 2, a hand-back, internal notes and customers' replies.
 */
import { eq } from 'drizzle-orm';
import type { Actor, Context } from '../http/context.js';
import type { Dependencies } from '../dependencies.js';
import { emailAddresses, groups } from '../modules/identity/identity.schema.js';
import type { Modules } from '../app.js';
import { seedDemoCustomFields } from './demo-custom-fields.js';

const HOUR = 3_600_000;

async function userActor(deps: Dependencies, email: string): Promise<Actor> {
  const loaded = await deps.database.orm
    .select({ userId: emailAddresses.userId, contactId: emailAddresses.contactId })
    .from(emailAddresses)
    .where(eq(emailAddresses.address, email));
  const reference = loaded[0]!;
  if (reference.contactId) return { kind: 'contact', id: reference.contactId, organizationId: null };
  return { kind: 'user', id: reference.userId!, role: 'agent', groupIds: [] };
}

export async function seedDemoTickets(deps: Dependencies, modules: Modules): Promise<void> {
  const start = deps.clock.now().getTime() - 72 * HOUR;
  const at = (hours: number, actor: Actor): Context => ({ actor, now: new Date(start + hours * HOUR), language: 'it' });
  const system: Actor = { kind: 'system' };
  const groupIds = Object.fromEntries(
    (await deps.database.orm.select({ id: groups.id, name: groups.name }).from(groups)).map((group) => [
      group.name,
      group.id,
    ]),
  );
  const { catalog } = modules.catalog;
  const email = await catalog.createService(at(0, system), {
    name: 'Posta elettronica',
    description: 'Caselle email aziendali, calendari condivisi e liste di distribuzione.',
    defaultLevel1GroupId: groupIds['Service Desk']!,
    defaultLevel2GroupId: groupIds['Applicazioni']!,
  });
  const network = await catalog.createService(at(0, system), {
    name: 'Rete e connettività',
    description: 'Connessione in ufficio, Wi-Fi, VPN per il lavoro da remoto.',
    defaultLevel1GroupId: groupIds['Service Desk']!,
    defaultLevel2GroupId: groupIds['Reti e Sistemi']!,
  });
  const workstation = await catalog.createService(at(0, system), {
    name: 'Postazione di lavoro',
    description: 'PC, stampanti, software installato e nuove postazioni.',
    defaultLevel1GroupId: groupIds['Service Desk']!,
    defaultLevel2GroupId: groupIds['Applicazioni']!,
  });
  const vpn = await catalog.createCategory(at(0, system), {
    name: 'VPN',
    serviceId: network.id,
    defaultLevel1GroupId: null,
    defaultLevel2GroupId: groupIds['Reti e Sistemi']!,
  });
  await catalog.createCategory(at(0, system), {
    name: 'Wi-Fi',
    serviceId: network.id,
    defaultLevel1GroupId: null,
    defaultLevel2GroupId: null,
  });
  const mailbox = await catalog.createCategory(at(0, system), {
    name: 'Casella piena',
    serviceId: email.id,
    defaultLevel1GroupId: null,
    defaultLevel2GroupId: null,
  });
  const printer = await catalog.createCategory(at(0, system), {
    name: 'Stampanti',
    serviceId: workstation.id,
    defaultLevel1GroupId: null,
    defaultLevel2GroupId: null,
  });
  await catalog.createCategory(at(0, system), {
    name: 'Nuova postazione',
    serviceId: workstation.id,
    defaultLevel1GroupId: null,
    defaultLevel2GroupId: null,
  });

  await seedDemoCustomFields(modules, at(0, system));

  const { tickets, conversation, escalations } = modules.tickets;
  /** A status change as an agent makes it: the version just read, the category's default status. */
  const moveTo = async (context: Context, ticketId: string, category: 'resolved' | 'pending_customer') => {
    const ticket = await tickets.getTicket(context, ticketId);
    const status = await deps.database.orm.query.ticketStatuses.findFirst({
      where: (candidate, { and, eq: equals }) =>
        and(equals(candidate.category, category), equals(candidate.isDefault, true)),
    });
    await tickets.updateTicket(context, ticketId, { version: ticket.version, statusId: status!.id });
  };
  const customer = await userActor(deps, 'customer@example.com');
  const l1 = { ...(await userActor(deps, 'l1@example.com')), groupIds: [groupIds['Service Desk']!] } as Actor;
  const l2 = {
    ...(await userActor(deps, 'l2@example.com')),
    groupIds: [groupIds['Reti e Sistemi']!, groupIds['Applicazioni']!],
  } as Actor;

  // 1. A VPN incident: opened in the portal, worked at level 1, escalated to level 2, still open there.
  const vpnTicket = await tickets.createTicket(at(1, customer), {
    type: 'incident',
    subject: 'La VPN si disconnette ogni 10 minuti',
    description:
      'Da ieri la VPN aziendale cade ogni 10 minuti circa e devo ricollegarmi. Lavoro da casa, connessione in fibra.',
    serviceId: network.id,
    categoryId: vpn.id,
    impact: 'medium',
    urgency: 'high',
    channelHint: 'portal',
    customFields: { sede: 'milano', numero_asset: 'NB-0421' },
  });
  await tickets.takeTicket(at(1.5, l1), vpnTicket.id);
  await conversation.addMessage(at(2, l1), vpnTicket.id, {
    body: 'Buongiorno Chiara, può dirci quale versione del client VPN usa? La trova in Aiuto → Informazioni.',
    visibility: 'public',
    kind: 'reply',
  });
  await conversation.addMessage(at(5, customer), vpnTicket.id, {
    body: 'Versione 5.2.1, su Windows 11.',
    visibility: 'public',
    kind: 'reply',
  });
  await conversation.addMessage(at(5.5, l1), vpnTicket.id, {
    body: 'Client aggiornato, profilo ricreato: il problema persiste. Nei log timeout di keepalive lato concentratore.',
    visibility: 'internal',
    kind: 'reply',
  });
  await escalations.escalate(at(6, l1), vpnTicket.id, {
    toLevel: 2,
    note: 'Client aggiornato e profilo ricreato senza esito; nei log timeout di keepalive lato concentratore. Serve verifica sul concentratore VPN.',
  });

  // 2. A printer request from a phone call, solved at level 1.
  const printerTicket = await tickets.createTicket(at(20, l1), {
    type: 'service_request',
    requester: { email: 'roberto.mancini@acme.it' },
    subject: 'Installare la stampante del secondo piano',
    description:
      'Telefonata: il sig. Mancini chiede di installare sul suo PC la stampante multifunzione del secondo piano.',
    serviceId: workstation.id,
    categoryId: printer.id,
    impact: 'low',
    urgency: 'medium',
    channelHint: 'phone',
    customFields: {
      sede: 'milano',
      numero_asset: 'MFP-2P-07',
      data_intervento: new Date(start + 44 * HOUR).toISOString().slice(0, 10),
    },
  });
  await tickets.takeTicket(at(20.2, l1), printerTicket.id);
  await conversation.addMessage(at(21, l1), printerTicket.id, {
    body: 'Stampante installata da remoto e pagina di prova stampata. Ci scriva se serve altro.',
    visibility: 'public',
    kind: 'reply',
  });
  await moveTo(at(21.1, l1), printerTicket.id, 'resolved');

  // 3. A mailbox problem escalated to Applicazioni and handed back with the fix for level 1.
  const mailboxTicket = await tickets.createTicket(at(30, l1), {
    type: 'incident',
    requester: { email: 'f.ricci@comune.bergamo.it' },
    subject: 'Casella piena, non ricevo più email',
    description: "La casella dell'ufficio anagrafe risulta piena e i messaggi tornano indietro ai cittadini.",
    serviceId: email.id,
    categoryId: mailbox.id,
    impact: 'high',
    urgency: 'high',
    channelHint: 'phone',
  });
  await escalations.escalate(at(30.5, l1), mailboxTicket.id, {
    toLevel: 2,
    note: "Casella a 50 GB su 50. Serve aumentare la quota o attivare l'archivio online: non abbiamo i permessi.",
  });
  await tickets.takeTicket(at(31, l2), mailboxTicket.id);
  await escalations.escalate(at(32, l2), mailboxTicket.id, {
    toLevel: 1,
    note: "Archivio online attivato e quota portata a 100 GB. Chiedere all'ufficio di verificare la ricezione e chiudere.",
  });

  // 4. An English customer's new request, not yet handled.
  await tickets.createTicket(at(60, l1), {
    type: 'service_request',
    requester: { email: 'james.whitfield@northwind.co.uk' },
    subject: 'New starter on Monday: laptop and accounts',
    description:
      'Please prepare a laptop, an email account and VPN access for our new analyst, Sarah Jones, starting Monday.',
    serviceId: workstation.id,
    impact: 'low',
    urgency: 'medium',
    channelHint: 'email',
  });

  // 5. Waiting for the customer.
  const wifiTicket = await tickets.createTicket(at(66, customer), {
    type: 'incident',
    subject: 'Wi-Fi lento in sala riunioni',
    description: 'In sala riunioni B il Wi-Fi è lentissimo durante le videochiamate.',
    serviceId: network.id,
    impact: 'low',
    urgency: 'low',
    channelHint: 'portal',
  });
  await tickets.takeTicket(at(67, l1), wifiTicket.id);
  await conversation.addMessage(at(67.5, l1), wifiTicket.id, {
    body: 'Succede a tutte le ore o solo in certi momenti? Ci indichi anche quante persone sono collegate di solito.',
    visibility: 'public',
    kind: 'reply',
  });
  await moveTo(at(67.6, l1), wifiTicket.id, 'pending_customer');
}
