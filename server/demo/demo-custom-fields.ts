/**
 * Demo custom fields, made through the admin use-case: what an Italian IT desk typically records
 * beside the ticket — the asset concerned, the office (site), and when a technician goes on site.
 * None is required, so tickets from email and the API are never refused for them.
 */
import type { Modules } from '../app.js';
import type { Context } from '../http/context.js';

export async function seedDemoCustomFields(modules: Modules, context: Context): Promise<void> {
  const { customFields } = modules.customFields;
  await customFields.create(context, {
    key: 'numero_asset',
    labelIt: 'Numero asset',
    labelEn: 'Asset number',
    type: 'text',
    options: [],
    required: false,
    visibleToCustomer: true,
    ticketTypes: ['incident', 'service_request'],
    serviceIds: [],
    position: 10,
  });
  await customFields.create(context, {
    key: 'sede',
    labelIt: 'Sede',
    labelEn: 'Site',
    type: 'select',
    options: [
      { value: 'milano', labelIt: 'Milano', labelEn: 'Milan' },
      { value: 'roma', labelIt: 'Roma', labelEn: 'Rome' },
      { value: 'torino', labelIt: 'Torino', labelEn: 'Turin' },
    ],
    required: false,
    visibleToCustomer: true,
    ticketTypes: ['incident', 'service_request'],
    serviceIds: [],
    position: 20,
  });
  // The technicians' planning: internal, customers do not see it.
  await customFields.create(context, {
    key: 'data_intervento',
    labelIt: 'Data intervento',
    labelEn: 'Intervention date',
    type: 'date',
    options: [],
    required: false,
    visibleToCustomer: false,
    ticketTypes: ['incident', 'service_request'],
    serviceIds: [],
    position: 30,
  });
}
