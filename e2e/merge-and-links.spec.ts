/** Level 1 links two tickets about the same outage, then merges the duplicate into the first. */
import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, LoginPage } from './pages/login-page.js';

const run = Date.now().toString(36);

test('links a related ticket and merges a duplicate', async ({ page, request }) => {
  // Seed two tickets through the API, as a script would.
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
  const first = await open(`Centralino muto ${run}`);
  const duplicate = await open(`Telefoni fissi non funzionano ${run}`);

  const login = new LoginPage(page);
  await login.open();
  await login.signIn('l1@example.com');
  await page.goto(`/agent/tickets/${duplicate.id}`);

  const links = page.getByRole('region', { name: 'Ticket collegati' });
  await links.getByRole('button', { name: 'Collega' }).click();
  await links.getByLabel("Numero dell'altro ticket").fill(first.number);
  await links.getByLabel("Numero dell'altro ticket").press('Enter');
  await links.getByRole('button', { name: 'Collega' }).click();
  await expect(links.getByRole('link', { name: first.number })).toBeVisible();

  await page.getByRole('button', { name: 'Unisci a un altro ticket' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Numero del ticket che resta').fill(first.number);
  await dialog.getByLabel('Numero del ticket che resta').press('Enter');
  await dialog.getByRole('button', { name: 'Unisci' }).click();
  await expect(page).toHaveURL(new RegExp(`/agent/tickets/${first.id}$`));
  await expect(
    page.getByRole('region', { name: 'Cronologia' }).getByText(`Telefoni fissi non funzionano ${run}.`),
  ).toBeVisible();

  await page.goto(`/agent/tickets/${duplicate.id}`);
  await expect(page.getByRole('alert').filter({ hasText: 'Questo ticket è stato unito in' })).toContainText(
    first.number,
  );
});
