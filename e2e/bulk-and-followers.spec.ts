/**
 * Level 1 selects two tickets in the workspace, assigns them to themselves and tags them in one go;
 * then follows a ticket and finds themselves in its followers panel.
 */
import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, LoginPage } from './pages/login-page.js';
import { TicketsWorkspace } from './pages/tickets-workspace.js';

const run = Date.now().toString(36);

test('bulk-assigns two tickets to me, tags them, and follows a ticket', async ({ page, request }) => {
  // Seed two tickets through the API as Giulia (level 1); Luca, of the same group, works them.
  const { token } = await (
    await request.post('/api/v1/auth/tokens', {
      data: { email: 'l1@example.com', password: DEMO_PASSWORD, name: `e2e ${run}` },
    })
  ).json();
  const open = async (subject: string) =>
    (
      await request.post('/api/v1/tickets', {
        headers: { authorization: `Bearer ${token}` },
        data: {
          type: 'incident',
          subject,
          description: `${subject}.`,
          requester: { email: 'roberto.mancini@acme.it' },
        },
      })
    ).json() as Promise<{ id: string; number: string }>;
  const first = await open(`Monitor sfarfallante ${run}`);
  const second = await open(`Tastiera bloccata ${run}`);

  const login = new LoginPage(page);
  await login.open();
  await login.signIn('luca.ferrari@example.com');
  await page.goto(`/agent/tickets?view=all&q=${run}`);
  const workspace = new TicketsWorkspace(page);
  await expect(workspace.row(first.number)).toBeVisible();
  await expect(workspace.row(second.number)).toBeVisible();

  await page.getByRole('checkbox', { name: `Seleziona ${first.number}` }).check();
  await page.getByRole('checkbox', { name: `Seleziona ${second.number}` }).check();
  const bar = page.getByRole('region', { name: 'Azioni sui ticket selezionati' });
  await expect(bar).toContainText('2 ticket selezionati');

  await bar.getByRole('button', { name: 'Assegna a me' }).click();
  await expect(workspace.row(first.number)).toContainText('Luca Ferrari');
  await expect(workspace.row(second.number)).toContainText('Luca Ferrari');

  // The selection is let go after a full success: select both again, with the page checkbox.
  await page.getByRole('checkbox', { name: 'Seleziona tutti i ticket della pagina' }).check();
  await bar.getByRole('button', { name: 'Aggiungi tag…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Tag').fill(`lotto-${run}`);
  await dialog.getByRole('button', { name: 'Applica' }).click();
  await expect(dialog).toHaveCount(0);
  for (const ticket of [first, second]) {
    const response = await request.get(`/api/v1/tickets/${ticket.id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await response.json()).toMatchObject({ tags: [`lotto-${run}`], assignee: { name: 'Luca Ferrari' } });
  }

  // Follow a ticket Luca has not worked on (Giulia's), and see himself in the panel.
  const third = await open(`Mouse senza fili ${run}`);
  await page.goto(`/agent/tickets/${third.id}`);
  const followers = page.getByRole('region', { name: 'Chi segue' });
  await expect(followers).toContainText('Giulia Rossi');
  await followers.getByRole('button', { name: 'Segui', exact: true }).click();
  await expect(followers).toContainText('Luca Ferrari (tu)');
  await expect(followers.getByRole('button', { name: 'Non seguire più' })).toBeVisible();
});
