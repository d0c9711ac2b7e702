/** Tickets arriving in a group get an assignee by the group's mode; away members are skipped. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDesk, type Desk } from '../../test-support/tickets-fixture.js';

let desk: Desk;

beforeAll(async () => {
  desk = await openDesk();
});
afterAll(async () => {
  await desk.dispose();
});

async function setMode(groupId: string, assignmentMode: string) {
  const group = (await desk.call(desk.as.admin, 'GET', `/api/v1/groups/${groupId}`)).json();
  const response = await desk.call(desk.as.admin, 'PATCH', `/api/v1/groups/${groupId}`, {
    version: group.version,
    assignmentMode,
  });
  expect(response.statusCode, response.body).toBe(200);
}

const open = (subject: string) =>
  desk.createTicket(desk.as.l1, {
    type: 'incident',
    subject,
    description: 'x',
    requester: { email: 'mario@damario.it' },
  });

describe('automatic assignment', () => {
  it('leaves tickets unassigned in a manual group', async () => {
    expect((await open('Manuale')).assignee).toBeNull();
  });

  it('hands tickets to members in turn, skipping those away, and tells the assignee', async () => {
    await setMode(desk.groups.desk, 'round_robin');
    const assignees = [];
    for (const index of [1, 2, 3, 4]) assignees.push((await open(`Turno ${index}`)).assignee?.name);
    // Service Desk: Giulia Rossi, Luca Ferrari, Stefano Moretti; Sara Colombo is away.
    expect(new Set(assignees).size).toBe(3);
    expect(assignees[3]).toBe(assignees[0]);
    expect(assignees).not.toContain('Sara Colombo');
    const luca = await desk.call(desk.as.luca, 'GET', '/api/v1/notifications?unread=true');
    expect(luca.json().items.some((item: { kind: string }) => item.kind === 'ticket_assigned')).toBe(true);
    await setMode(desk.groups.desk, 'manual');
  });

  it('gives two tickets arriving together to two people', async () => {
    await setMode(desk.groups.desk, 'round_robin');
    const both = await Promise.all([open('Insieme 1'), open('Insieme 2')]);
    expect(both[0].assignee!.id).not.toBe(both[1].assignee!.id);
    await setMode(desk.groups.desk, 'manual');
  });

  it('gives escalated tickets to the level 2 member with the fewest open tickets', async () => {
    await setMode(desk.groups.apps, 'least_open');
    const escalate = async (subject: string) => {
      const ticket = await open(subject);
      const response = await desk.call(desk.as.l1, 'POST', `/api/v1/tickets/${ticket.id}/escalations`, {
        toLevel: 2,
        groupId: desk.groups.apps,
        note: 'Per Applicazioni',
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<{ assignee: { id: string } | null }>().assignee;
    };
    const first = await escalate('Al meno carico 1');
    const second = await escalate('Al meno carico 2');
    // The first one now holds one more open ticket than before: the second goes to someone else.
    expect(first).not.toBeNull();
    expect(second).not.toBeNull();
    expect(second!.id).not.toBe(first!.id);
    await setMode(desk.groups.apps, 'manual');
  });

  it('refuses an unknown mode with the failing field', async () => {
    const group = (await desk.call(desk.as.admin, 'GET', `/api/v1/groups/${desk.groups.desk}`)).json();
    const response = await desk.call(desk.as.admin, 'PATCH', `/api/v1/groups/${desk.groups.desk}`, {
      version: group.version,
      assignmentMode: 'lottery',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.fields[0].path).toBe('body.assignmentMode');
  });
});
