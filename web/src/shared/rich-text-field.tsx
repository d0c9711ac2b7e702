import { Input } from '@mantine/core';
import { RichTextEditor, type RichTextEditorLabels } from '@mantine/tiptap';
import Link from '@tiptap/extension-link';
import { useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface RichTextFieldProps {
  label: string;
  description?: string;
  required?: boolean;
  error?: ReactNode;
  /** HTML; an empty string clears the editor (after a message was sent). */
  value: string;
  /** HTML of what was typed, or an empty string when the editor is empty. */
  onChange: (html: string) => void;
  /** Ctrl+Enter (⌘+Enter on a Mac). */
  onSubmitShortcut?: () => void;
  /** Yellow background: an internal note. */
  tone?: 'default' | 'note';
  minHeight?: number;
}

/**
 * Rich text for messages and descriptions (Tiptap through Mantine): paragraphs, bold, italic,
 * underline, strike, lists, quotes, code and links. Sends HTML, which the server sanitizes to its
 * allow-list (server/modules/tickets/message-body.ts) — nothing here is trusted.
 */
export function RichTextField({
  label,
  description,
  required,
  error,
  value,
  onChange,
  onSubmitShortcut,
  tone = 'default',
  minHeight = 120,
}: RichTextFieldProps) {
  const { t } = useTranslation();
  // The editor is built once: it reads the latest callbacks through refs.
  const onChangeRef = useRef(onChange);
  const onSubmitRef = useRef(onSubmitShortcut);
  useEffect(() => {
    onChangeRef.current = onChange;
    onSubmitRef.current = onSubmitShortcut;
  });
  const editor = useEditor({
    extensions: [
      StarterKit.configure({ link: false, heading: { levels: [2, 3] } }),
      Link.configure({ openOnClick: false, autolink: true, protocols: ['mailto', 'tel'] }),
    ],
    content: value,
    immediatelyRender: true,
    shouldRerenderOnTransaction: false,
    editorProps: {
      attributes: { role: 'textbox', 'aria-multiline': 'true', 'aria-label': label },
      handleKeyDown: (_view, event) => {
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && onSubmitRef.current) {
          event.preventDefault();
          onSubmitRef.current();
          return true;
        }
        return false;
      },
    },
    onUpdate: ({ editor: current }) => onChangeRef.current(current.isEmpty ? '' : current.getHTML()),
  });
  // Cleared from outside (sent): empty the editor too.
  useEffect(() => {
    if (editor && value === '' && !editor.isEmpty) editor.commands.clearContent();
  }, [editor, value]);

  const labels = useMemo<Partial<RichTextEditorLabels>>(
    () => ({
      boldControlLabel: t('richText.bold'),
      italicControlLabel: t('richText.italic'),
      underlineControlLabel: t('richText.underline'),
      strikeControlLabel: t('richText.strike'),
      clearFormattingControlLabel: t('richText.clearFormatting'),
      h2ControlLabel: t('richText.heading2'),
      h3ControlLabel: t('richText.heading3'),
      bulletListControlLabel: t('richText.bulletList'),
      orderedListControlLabel: t('richText.orderedList'),
      blockquoteControlLabel: t('richText.blockquote'),
      codeControlLabel: t('richText.code'),
      linkControlLabel: t('richText.link'),
      unlinkControlLabel: t('richText.unlink'),
      linkEditorInputLabel: t('richText.linkAddress'),
      linkEditorInputPlaceholder: 'https://…',
      linkEditorExternalLink: t('richText.linkNewTab'),
      linkEditorInternalLink: t('richText.linkSameTab'),
      linkEditorSave: t('richText.linkSave'),
    }),
    [t],
  );

  return (
    <Input.Wrapper label={label} description={description} required={required} error={error}>
      <RichTextEditor
        editor={editor}
        labels={labels}
        mt={description ? 4 : 2}
        styles={{
          content: {
            minHeight,
            backgroundColor: tone === 'note' ? 'var(--mantine-color-yellow-1)' : undefined,
          },
          root: error ? { borderColor: 'var(--mantine-color-error)' } : undefined,
        }}
      >
        <RichTextEditor.Toolbar>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.Bold />
            <RichTextEditor.Italic />
            <RichTextEditor.Underline />
            <RichTextEditor.Strikethrough />
            <RichTextEditor.ClearFormatting />
          </RichTextEditor.ControlsGroup>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.H2 />
            <RichTextEditor.H3 />
            <RichTextEditor.BulletList />
            <RichTextEditor.OrderedList />
            <RichTextEditor.Blockquote />
            <RichTextEditor.Code />
          </RichTextEditor.ControlsGroup>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.Link />
            <RichTextEditor.Unlink />
          </RichTextEditor.ControlsGroup>
        </RichTextEditor.Toolbar>
        <RichTextEditor.Content />
      </RichTextEditor>
    </Input.Wrapper>
  );
}
