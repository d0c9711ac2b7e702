import { createTheme, MultiSelect, NumberInput, PasswordInput, Select, TagsInput, TextInput } from '@mantine/core';

/**
 * Mantine puts the required asterisk inside the <label>, so a field's label text becomes
 * "Email *" and `getByLabel('Email', { exact: true })` stops matching. The asterisk is drawn by
 * app.css instead (from the input's `required` attribute), outside the label's text.
 */
const noAsteriskInLabel = { defaultProps: { withAsterisk: false } };

export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  components: {
    TextInput: TextInput.extend(noAsteriskInLabel),
    PasswordInput: PasswordInput.extend(noAsteriskInLabel),
    Select: Select.extend(noAsteriskInLabel),
    MultiSelect: MultiSelect.extend(noAsteriskInLabel),
    TagsInput: TagsInput.extend(noAsteriskInLabel),
    NumberInput: NumberInput.extend(noAsteriskInLabel),
  },
});
