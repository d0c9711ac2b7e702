import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActiveFilterSelect, ListPageLayout, SearchFilter, useSearchText } from '../../../shared/list-page-layout';
import type { ActiveFilter } from '../../../shared/option-lists';
import { ContactsTable } from './contacts-table';

/** Agent workspace › Contacts: find a caller by name, email or phone, or register a new one. */
export function ContactsPage() {
  const { t } = useTranslation();
  const search = useSearchText();
  const [active, setActive] = useState<ActiveFilter>('');

  return (
    <ListPageLayout
      title={t('contacts.title')}
      description={t('contacts.description')}
      newLabel={t('contacts.new')}
      filters={
        <>
          <SearchFilter search={search} placeholder={t('contacts.searchPlaceholder')} w={300} />
          <ActiveFilterSelect value={active} onChange={setActive} />
        </>
      }
    >
      <ContactsTable filters={{ q: search.query, active: active || undefined }} />
    </ListPageLayout>
  );
}
