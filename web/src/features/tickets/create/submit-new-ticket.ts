import type { TFunction } from 'i18next';
import type { CustomFieldDefinition } from '../../../../../contracts/custom-fields.contract';
import type { CreateTicketBody, TicketType } from '../../../../../contracts/tickets.contract';
import { submitWithFieldErrors } from '../../../shared/form-submit';
import type { CustomFieldValues } from '../../custom-fields/custom-field-input';
import { applyCustomFieldErrors, requiredFieldErrors } from '../../custom-fields/custom-field-form-values';
import { applicableFields } from '../../custom-fields/custom-field-labels';

interface NewTicketValues {
  type: TicketType;
  serviceId: string | null;
  customFields: CustomFieldValues;
}

/**
 * The submit of a new ticket, shared by the agent's and the customer's forms. Which custom fields
 * are required depends on the type and service chosen, so they are checked here, at submit; then
 * the body is saved with the uploaded files, and the server's refusals land on their fields.
 */
export function submitNewTicket<Values extends NewTicketValues>(input: {
  form: {
    setErrors: (errors: Record<string, string>) => void;
    setFieldError: (path: never, error: string) => void;
  };
  values: Values;
  definitions: CustomFieldDefinition[] | undefined;
  toBody: (values: Values, fields: CustomFieldDefinition[]) => CreateTicketBody;
  attachmentIds: string[];
  onSave: (body: CreateTicketBody) => Promise<unknown>;
  fieldNames: readonly string[];
  t: TFunction;
}): Promise<boolean> {
  const { form, values, t } = input;
  const fields = applicableFields(input.definitions, { type: values.type, serviceId: values.serviceId });
  const missing = requiredFieldErrors(fields, values.customFields, t);
  if (Object.keys(missing).length > 0) {
    form.setErrors(missing);
    return Promise.resolve(false);
  }
  return submitWithFieldErrors(
    async () => {
      try {
        await input.onSave({
          ...input.toBody(values, fields),
          attachmentIds: input.attachmentIds.length ? input.attachmentIds : undefined,
        });
      } catch (error) {
        applyCustomFieldErrors(form, error, t);
        throw error;
      }
    },
    form,
    input.fieldNames,
    t,
  );
}
