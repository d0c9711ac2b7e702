/**
 * Custom fields end to end: the admin defines an internal select field, level 1 fills the demo's
 * "Sede" when opening a ticket for a customer and sets the new field in the ticket's panel (kept
 * after a reload), and the customer sees in the portal only the fields meant for customers.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { CustomFieldsPages } from './pages/custom-fields-pages.js';
import { LoginPage } from './pages/login-page.js';
import { NewTicketPage } from './pages/new-ticket-page.js';
import { PortalPages } from './pages/portal-pages.js';
import { TicketsWorkspace } from './pages/tickets-workspace.js';

const run = Date.now().toString(36);
const fieldKey = `reparto_${run}`;
const fieldLabel = `Reparto ${run}`;
const subject = `Monitor sfarfallante in contabilità ${run}`;

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'it-IT', timezoneId: 'Europe/Rome' });
  const page = await context.newPage();
  const login = new LoginPage(page);
  await login.open();
  await login.signIn(email);
  return page;
}

test('an admin defines a field, an agent fills it, the customer sees only what is meant for them', async ({
  browser,
}) => {
  const admin = await signedIn(browser, 'admin@example.com');
  await new CustomFieldsPages(admin).createSelectField({
    key: fieldKey,
    labelIt: fieldLabel,
    labelEn: `Department ${run}`,
    options: [
      { value: 'amministrazione', labelIt: 'Amministrazione', labelEn: 'Accounting' },
      { value: 'magazzino', labelIt: 'Magazzino', labelEn: 'Warehouse' },
    ],
  });
  await admin.screenshot({ path: 'test-results/screenshots/custom-fields-admin-form.png', fullPage: true });
  await admin.goto('/admin/custom-fields');
  await expect(admin.getByRole('link', { name: fieldLabel })).toBeVisible();
  await admin.screenshot({ path: 'test-results/screenshots/custom-fields-admin-list.png', fullPage: true });
  await admin.context().close();

  const agent = await signedIn(browser, 'l1@example.com');
  const fields = new CustomFieldsPages(agent);
  const form = new NewTicketPage(agent);
  await form.open();
  await fields.choose(agent, 'Sede', 'Torino');
  await form.create({
    requesterEmail: 'customer@example.com',
    subject,
    description: 'Il monitor della seconda postazione sfarfalla da stamattina.',
  });
  const panel = fields.panel('Campi personalizzati');
  await expect(panel).toContainText('Torino');
  await fields.setSelect(fieldLabel, 'Magazzino');
  await expect(panel).toContainText('Magazzino');
  await agent.reload();
  await expect(panel).toContainText(fieldLabel);
  await expect(panel).toContainText('Magazzino');
  await expect(panel).toContainText('Torino');
  await agent.screenshot({ path: 'test-results/screenshots/custom-fields-agent.png', fullPage: true });

  // The workspace filters by the new select field (cf.<key> in the address and in the API query).
  const workspace = new TicketsWorkspace(agent);
  await agent.goto(`/agent/tickets?view=all&cf.${fieldKey}=magazzino`);
  await expect(agent.getByRole('combobox', { name: fieldLabel })).toHaveValue('Magazzino');
  await expect(workspace.row(subject)).toHaveCount(1);
  await expect(workspace.table.getByRole('row')).toHaveCount(2); // the header and this ticket
  await agent.getByRole('combobox', { name: fieldLabel }).click();
  await agent.getByRole('option', { name: 'Amministrazione', exact: true }).click();
  await expect(workspace.row(subject)).toHaveCount(0);
  await agent.context().close();

  const customer = await signedIn(browser, 'customer@example.com');
  await new PortalPages(customer).openRequest(subject);
  const details = new CustomFieldsPages(customer).panel('Dettagli della richiesta');
  await expect(details).toContainText('Sede');
  await expect(details).toContainText('Torino');
  await expect(details).not.toContainText(fieldLabel);
  await expect(details).not.toContainText('Magazzino');
  await expect(details).not.toContainText('Data intervento');
  await customer.screenshot({ path: 'test-results/screenshots/custom-fields-portal.png', fullPage: true });
  await customer.context().close();
});
