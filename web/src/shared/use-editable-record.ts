import type { UseQueryResult } from '@tanstack/react-query';
import { useState } from 'react';

/**
 * The copy of a record an edit screen works on. It is taken once, when the record first loads, and
 * changes only when the person saves (the server's answer) or asks to reload after a conflict:
 * a background refetch never swaps the `version` under an open form, so a concurrent change by
 * someone else always surfaces as a 409 instead of being overwritten silently.
 */
export function useEditableRecord<T extends { id: string; version: number }>(query: UseQueryResult<T>) {
  const [record, setRecord] = useState<T | null>(null);
  const loaded = query.data;
  if (loaded && (!record || record.id !== loaded.id)) {
    // Adjusting state during render (React's documented pattern): the first load, or another record.
    setRecord(loaded);
  }

  /** Fetches the current record and drops local edits: the answer to a version conflict. */
  const reload = async () => {
    const result = await query.refetch();
    if (result.data) setRecord(result.data);
  };

  return {
    record: record && loaded && record.id === loaded.id ? record : (loaded ?? null),
    adopt: setRecord,
    reload,
    /** Changes whenever the form must start again from the record (save, reload). */
    formKey: record ? `${record.id}:${record.version}` : 'loading',
  };
}
