/**
 * Demo desk, seeded on an empty database unless SPORTELLO_DEMO=0: the accounts of DESIGN §5
 * (password "sportello"), the level 1 and level 2 groups, and Italian and English customers, so
 * every screen has something real to show. One transaction: all of it or nothing.
 */
import { count } from 'drizzle-orm';
import type { Dependencies } from '../dependencies.js';
import type { Transaction } from '../db/database.js';
import type { SportelloServer } from '../server.js';
import { seedDemoTickets } from './demo-tickets.js';
import { mailboxAddresses, mailboxes } from '../modules/mail/mail.schema.js';
import {
  contacts,
  emailAddresses,
  groupMembers,
  groups,
  organizations,
  users,
} from '../modules/identity/identity.schema.js';

export const DEMO_PASSWORD = 'sportello';

type StaffSeed = {
  key: string;
  name: string;
  email: string;
  role: 'admin' | 'supervisor' | 'agent';
  language: 'it' | 'en';
  groups: string[];
  away?: boolean;
};

const staff: StaffSeed[] = [
  { key: 'admin', name: 'Alessandra Conti', email: 'admin@example.com', role: 'admin', language: 'it', groups: [] },
  {
    key: 'supervisor',
    name: 'Stefano Moretti',
    email: 'supervisor@example.com',
    role: 'supervisor',
    language: 'it',
    groups: ['desk', 'network', 'apps'],
  },
  { key: 'l1', name: 'Giulia Rossi', email: 'l1@example.com', role: 'agent', language: 'it', groups: ['desk'] },
  {
    key: 'l2',
    name: 'Marco Bianchi',
    email: 'l2@example.com',
    role: 'agent',
    language: 'it',
    groups: ['network', 'apps'],
  },
  {
    key: 'l1b',
    name: 'Luca Ferrari',
    email: 'luca.ferrari@example.com',
    role: 'agent',
    language: 'it',
    groups: ['desk'],
  },
  {
    key: 'l1c',
    name: 'Sara Colombo',
    email: 'sara.colombo@example.com',
    role: 'agent',
    language: 'it',
    groups: ['desk'],
    away: true,
  },
  {
    key: 'l2b',
    name: 'Emily Carter',
    email: 'emily.carter@example.com',
    role: 'agent',
    language: 'en',
    groups: ['apps'],
  },
];

const groupSeeds = [
  {
    key: 'desk',
    name: 'Service Desk',
    supportLevel: 1,
    skills: ['triage', 'account', 'printing'],
    email: 'support@example.com',
  },
  { key: 'network', name: 'Reti e Sistemi', supportLevel: 2, skills: ['network', 'vpn', 'server'], email: null },
  { key: 'apps', name: 'Applicazioni', supportLevel: 2, skills: ['erp', 'email', 'database'], email: null },
] as const;

const organizationSeeds = [
  {
    key: 'acme',
    name: 'Acme S.p.A.',
    domains: ['acme.it'],
    segment: 'Enterprise',
    region: 'Lombardia',
    language: 'it',
    sharesTickets: true,
  },
  {
    key: 'comune',
    name: 'Comune di Bergamo',
    domains: ['comune.bergamo.it'],
    segment: 'Pubblica amministrazione',
    region: 'Lombardia',
    language: 'it',
    sharesTickets: false,
  },
  {
    key: 'trattoria',
    name: 'Trattoria Da Mario S.r.l.',
    domains: ['damario.it'],
    segment: 'PMI',
    region: 'Lazio',
    language: 'it',
    sharesTickets: false,
  },
  {
    key: 'northwind',
    name: 'Northwind Traders Ltd',
    domains: ['northwind.co.uk'],
    segment: 'Enterprise',
    region: 'International',
    language: 'en',
    sharesTickets: true,
  },
] as const;

const contactSeeds = [
  {
    name: 'Chiara Galli',
    emails: ['customer@example.com', 'chiara.galli@acme.it'],
    organization: 'acme',
    phone: '+39 02 4567 1200',
    withPassword: true,
  },
  {
    name: 'Roberto Mancini',
    emails: ['roberto.mancini@acme.it'],
    organization: 'acme',
    phone: '+39 02 4567 1234',
    withPassword: false,
  },
  {
    name: 'Francesca Ricci',
    emails: ['f.ricci@comune.bergamo.it'],
    organization: 'comune',
    phone: '+39 035 399 111',
    withPassword: false,
  },
  {
    name: 'Mario Esposito',
    emails: ['mario@damario.it'],
    organization: 'trattoria',
    phone: '+39 06 5550 1234',
    withPassword: false,
  },
  {
    name: 'James Whitfield',
    emails: ['james.whitfield@northwind.co.uk'],
    organization: 'northwind',
    phone: '+44 20 7946 0958',
    withPassword: false,
  },
  {
    name: 'Priya Shah',
    emails: ['priya.shah@northwind.co.uk'],
    organization: 'northwind',
    phone: null,
    withPassword: false,
  },
  {
    name: 'Anna De Luca',
    emails: ['anna.deluca@gmail.com'],
    organization: null,
    phone: '+39 333 123 4567',
    withPassword: false,
  },
] as const;

async function insertDemoRecords(tx: Transaction, now: Date, passwordHash: string): Promise<void> {
  const groupIds = new Map<string, string>();
  for (const seed of groupSeeds) {
    const [row] = await tx
      .insert(groups)
      .values({
        name: seed.name,
        supportLevel: seed.supportLevel,
        skills: [...seed.skills],
        email: seed.email,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: groups.id });
    groupIds.set(seed.key, row!.id);
  }
  // DESIGN §3b: the demo's inbound address, reached through the SMTP listener, leads to level 1.
  const [mailbox] = await tx
    .insert(mailboxes)
    .values({
      name: 'Assistenza',
      address: 'support@example.com',
      groupId: groupIds.get('desk')!,
      isDefault: true,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: mailboxes.id });
  await tx.insert(mailboxAddresses).values({ address: 'support@example.com', mailboxId: mailbox!.id });
  for (const seed of staff) {
    const [row] = await tx
      .insert(users)
      .values({
        name: seed.name,
        role: seed.role,
        language: seed.language,
        passwordHash,
        away: seed.away ?? false,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: users.id });
    await tx.insert(emailAddresses).values({ address: seed.email, userId: row!.id });
    for (const group of seed.groups)
      await tx.insert(groupMembers).values({ groupId: groupIds.get(group)!, userId: row!.id });
  }
  const organizationIds = new Map<string, string>();
  for (const seed of organizationSeeds) {
    const [row] = await tx
      .insert(organizations)
      .values({ ...seed, domains: [...seed.domains], createdAt: now, updatedAt: now })
      .returning({ id: organizations.id });
    organizationIds.set(seed.key, row!.id);
  }
  for (const seed of contactSeeds) {
    const [row] = await tx
      .insert(contacts)
      .values({
        name: seed.name,
        phone: seed.phone,
        organizationId: seed.organization ? organizationIds.get(seed.organization)! : null,
        passwordHash: seed.withPassword ? passwordHash : null,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: contacts.id });
    await tx
      .insert(emailAddresses)
      .values(seed.emails.map((address, position) => ({ address, contactId: row!.id, position })));
  }
}

/** Seeds the demo desk when no staff account exists yet; returns whether it did. */
export async function seedDemoData(deps: Dependencies, modules: SportelloServer['modules']): Promise<boolean> {
  const [existing] = await deps.database.orm.select({ total: count() }).from(users);
  if ((existing?.total ?? 0) > 0) return false;
  const now = deps.clock.now();
  const passwordHash = await deps.passwords.hash(DEMO_PASSWORD);
  await deps.database.transaction((tx) => insertDemoRecords(tx, now, passwordHash));
  // A new colleague who has not accepted the invitation yet: the Outbox shows the email.
  await modules.identity.users.createUser(
    { actor: { kind: 'system' }, now, language: 'it' },
    {
      name: 'Paolo Greco',
      email: 'paolo.greco@example.com',
      role: 'agent',
      language: 'it',
      groupIds: [],
      sendInvitation: true,
    },
  );
  await seedDemoTickets(deps, modules);
  return true;
}
