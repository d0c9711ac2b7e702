import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { levelOfImpactSchema, statusCategorySchema, ticketTypeSchema } from '../../../../../contracts/tickets.contract';
import { useEveryCategory, useEveryService } from '../../catalog/catalog.queries';
import {
  fieldLabel as customFieldLabel,
  valueText as customFieldValueText,
} from '../../custom-fields/custom-field-labels';
import { useEveryCustomField } from '../../custom-fields/custom-fields.queries';
import { useEveryGroup } from '../../identity/groups/groups.queries';
import { useEveryUser } from '../../identity/users/users.queries';
import { useTicketStatuses } from '../tickets.queries';

/** The fields the history names in words; `groupId` and `group`, `support_level` and `supportLevel` alike. */
const fieldKeys = {
  status: 'tickets.fields.status',
  priority: 'tickets.fields.priority',
  impact: 'tickets.fields.impact',
  urgency: 'tickets.fields.urgency',
  supportLevel: 'tickets.fields.level',
  level: 'tickets.fields.level',
  group: 'tickets.fields.group',
  assignee: 'tickets.fields.assignee',
  subject: 'tickets.fields.subject',
  type: 'tickets.fields.type',
  tags: 'tickets.fields.tags',
  service: 'tickets.fields.service',
  category: 'tickets.fields.category',
  channel: 'tickets.fields.channel',
  requester: 'tickets.fields.requester',
  organization: 'fields.organization',
  replyReopens: 'tickets.fields.replyReopens',
  followers: 'tickets.fields.followers',
  participants: 'tickets.fields.participants',
  mergedInto: 'tickets.fields.mergedInto',
  mergedFrom: 'tickets.fields.mergedFrom',
  link: 'tickets.fields.link',
} as const;

/** `group_id` → `group`, `statusId` → `status`: one spelling to look labels up by. */
function normalizedField(field: string): string {
  const camel = field.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
  return camel.endsWith('Ids') ? `${camel.slice(0, -3)}s` : camel.endsWith('Id') ? camel.slice(0, -2) : camel;
}

/**
 * Turns a history entry's `field`, `from` and `to` into words. Ids (statuses, groups, people,
 * services, categories) are shown by name when this screen knows them; enum values are translated.
 */
export function useTimelineFormatter() {
  const { t, i18n } = useTranslation();
  const customFields = useEveryCustomField({});
  /** History names a custom field `custom_fields.<key>`. */
  const customFieldOf = (field: string) =>
    field.startsWith('custom_fields.')
      ? {
          key: field.slice('custom_fields.'.length),
          definition: customFields.data?.find((candidate) => `custom_fields.${candidate.key}` === field),
        }
      : null;
  const statuses = useTicketStatuses();
  const groups = useEveryGroup({});
  const users = useEveryUser({});
  const services = useEveryService({});
  const categories = useEveryCategory({});
  const names = new Map<string, string>();
  for (const list of [statuses.data, groups.data, users.data, services.data, categories.data]) {
    for (const item of list ?? []) names.set(item.id, item.name);
  }

  const fieldLabel = (field: string): string => {
    const custom = customFieldOf(field);
    if (custom) return custom.definition ? customFieldLabel(custom.definition, i18n.language) : custom.key;
    const normalized = normalizedField(field);
    return normalized in fieldKeys ? t(fieldKeys[normalized as keyof typeof fieldKeys]) : field;
  };

  const valueText = (field: string, value: unknown): string => {
    const custom = customFieldOf(field);
    if (custom) return customFieldValueText(custom.definition, value, i18n.language, t);
    return formatValue(normalizedField(field), value, names, t);
  };

  return { fieldLabel, valueText };
}

function formatValue(field: string, value: unknown, names: Map<string, string>, t: TFunction): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (Array.isArray(value))
    return value.length ? value.map((item) => formatValue(field, item, names, t)).join(', ') : '—';
  if (typeof value === 'object') {
    const named = value as { name?: unknown; number?: unknown };
    if (typeof named.name === 'string') return named.name;
    return JSON.stringify(value);
  }
  const text = String(value);
  if (names.has(text)) return names.get(text) ?? text;
  if ((field === 'supportLevel' || field === 'level') && (text === '1' || text === '2'))
    return t(`tickets.levelShort.${text}`);
  const level = levelOfImpactSchema.safeParse(text);
  if (level.success && field === 'impact') return t(`tickets.impactLevels.${level.data}`);
  if (level.success && field === 'urgency') return t(`tickets.urgencyLevels.${level.data}`);
  const category = statusCategorySchema.safeParse(text);
  if (category.success && field === 'status') return t(`tickets.statusCategories.${category.data}`);
  const type = ticketTypeSchema.safeParse(text);
  if (type.success) return t(`tickets.types.${type.data}`);
  return text;
}
