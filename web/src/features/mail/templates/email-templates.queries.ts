import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Language } from '../../../../../contracts/common.contract';
import type {
  EmailTemplate,
  EmailTemplateKey,
  PreviewEmailTemplateBody,
  RenderedEmail,
  UpdateEmailTemplateBody,
} from '../../../../../contracts/mail.contract';
import { api } from '../../../api/api-client';

export const emailTemplateKeys = {
  all: ['mail', 'email-templates'] as const,
  list: () => [...emailTemplateKeys.all, 'list'] as const,
  preview: (draft: PreviewEmailTemplateBody) => [...emailTemplateKeys.all, 'preview', draft] as const,
};

const templatePath = (key: EmailTemplateKey, language: Language) =>
  `/email-templates/${encodeURIComponent(key)}/${language}`;

/** Every notice template in each language, built-in or customized. */
export function useEmailTemplates() {
  return useQuery({
    queryKey: emailTemplateKeys.list(),
    queryFn: ({ signal }) => api.get<{ items: EmailTemplate[] }>('/email-templates', { signal }),
  });
}

export function useSaveEmailTemplate(key: EmailTemplateKey, language: Language) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateEmailTemplateBody) => api.put<EmailTemplate>(templatePath(key, language), body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: emailTemplateKeys.list() }),
  });
}

export function useResetEmailTemplate(key: EmailTemplateKey, language: Language) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete(templatePath(key, language)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: emailTemplateKeys.list() }),
  });
}

/** The draft rendered by the server with sample ticket data; null while there is no draft. */
export function useEmailTemplatePreview(draft: PreviewEmailTemplateBody | null) {
  return useQuery({
    queryKey: draft ? emailTemplateKeys.preview(draft) : [...emailTemplateKeys.all, 'preview', 'none'],
    queryFn: ({ signal }) => api.post<RenderedEmail>('/email-templates/preview', draft!, { signal }),
    enabled: draft !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
}
