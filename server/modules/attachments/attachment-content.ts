/**
 * What an uploaded file is, decided by the server: its type comes from its bytes (`file-type`),
 * never from the name or the type the client declared; executables are refused by type and by
 * extension; names are cleaned so that they cannot carry a path, control characters or a
 * right-to-left override that disguises `photo‮gpj.exe` as `photoexe.jpg`.
 */
import { fileTypeFromBuffer } from 'file-type';

/** Bytes file-type needs to recognize every format it knows. */
export const CONTENT_SNIFF_BYTES = 4100;

const MAX_FILENAME_LENGTH = 200;

/** Extensions that run code when opened on a desktop: refused whatever the content looks like. */
const REFUSED_EXTENSIONS = new Set([
  'exe',
  'com',
  'bat',
  'cmd',
  'msi',
  'msp',
  'mst',
  'scr',
  'pif',
  'cpl',
  'dll',
  'sys',
  'drv',
  'ocx',
  'js',
  'jse',
  'mjs',
  'cjs',
  'vbs',
  'vbe',
  'vb',
  'wsf',
  'wsh',
  'wsc',
  'ws',
  'hta',
  'ps1',
  'psm1',
  'psd1',
  'ps1xml',
  'psc1',
  'msh',
  'msh1',
  'msh2',
  'lnk',
  'inf',
  'reg',
  'scf',
  'gadget',
  'application',
  'jar',
  'apk',
  'appx',
  'msix',
  'sh',
  'bash',
  'command',
  'csh',
  'ksh',
  'app',
  'action',
  'workflow',
  'elf',
  'run',
  'bin',
  'iso',
  'img',
  'vhd',
  'vhdx',
  'url',
  'website',
  'xbap',
  'xll',
  'settingcontent-ms',
]);

/** Types file-type recognizes that are programs or installers. */
const REFUSED_CONTENT_TYPES = new Set([
  'application/x-msdownload',
  'application/vnd.microsoft.portable-executable',
  'application/x-msi',
  'application/x-elf',
  'application/x-executable',
  'application/x-mach-binary',
  'application/x-sharedlib',
  'application/java-archive',
  'application/vnd.android.package-archive',
  'application/x-ms-shortcut',
  'application/x-apple-diskimage',
  'application/x-iso9660-image',
  'application/x-ms-installer',
  'application/wasm',
]);

/** Markup a browser would render (and run scripts in). */
const RENDERABLE_MARKUP = new Set([
  'image/svg+xml',
  'application/xml',
  'text/xml',
  'text/html',
  'application/xhtml+xml',
]);

// C0 and C1 controls, and the Unicode bidirectional controls (direction overrides and isolates).
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * The last path segment, NFC, without unsafe characters, trimmed of spaces and dots at both ends
 * (Windows drops trailing dots; a leading dot hides the file), at most 200 characters keeping the
 * extension. Letters of any script stay.
 */
export function normalizeFilename(raw: string | undefined, fallback = 'attachment'): string {
  const lastSegment = (raw ?? '').split(/[/\\]/).pop() ?? '';
  const cleaned = lastSegment
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .replace(UNSAFE_CHARACTERS, '')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  if (!cleaned) return fallback;
  const characters = [...cleaned];
  if (characters.length <= MAX_FILENAME_LENGTH) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 ? [...cleaned.slice(dot)] : [];
  if (extension.length > 20) return characters.slice(0, MAX_FILENAME_LENGTH).join('').trim();
  const stem = characters
    .slice(0, MAX_FILENAME_LENGTH - extension.length)
    .join('')
    .trim();
  return stem + extension.join('');
}

export const extensionOf = (filename: string) => {
  const dot = filename.lastIndexOf('.');
  return dot > 0 ? filename.slice(dot + 1).toLowerCase() : '';
};

/** True when the bytes look like text: valid UTF-8 with no NUL. */
function looksLikeText(head: Buffer): boolean {
  if (head.includes(0)) return false;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // A multi-byte character may be cut at the end of the sniffed head: allow up to 3 bytes less.
  for (let cut = 0; cut <= 3 && cut < head.length; cut += 1) {
    try {
      decoder.decode(head.subarray(0, head.length - cut));
      return true;
    } catch {
      // try a shorter prefix
    }
  }
  return false;
}

export type ContentVerdict = { refused: false; contentType: string } | { refused: true; reason: string };

/**
 * The type to store and serve: what file-type detects, else `text/plain` for UTF-8 text, else
 * `application/octet-stream`. Text is never served as HTML or SVG: such files are stored as
 * `text/plain` and downloaded, never rendered.
 */
export async function judgeContent(head: Buffer, filename: string): Promise<ContentVerdict> {
  const extension = extensionOf(filename);
  if (REFUSED_EXTENSIONS.has(extension)) return { refused: true, reason: `.${extension} files are not accepted` };
  const detected = await fileTypeFromBuffer(head);
  if (detected && (REFUSED_CONTENT_TYPES.has(detected.mime) || REFUSED_EXTENSIONS.has(detected.ext))) {
    return { refused: true, reason: `Programs (${detected.mime}) are not accepted` };
  }
  // A script with a harmless name is still a script when it starts with a shebang or "MZ".
  if (head.subarray(0, 2).toString('latin1') === 'MZ' || head.subarray(0, 2).toString('latin1') === '#!') {
    return { refused: true, reason: 'Programs and scripts are not accepted' };
  }
  if (detected) {
    // SVG and XML documents can carry scripts: downloaded as plain text, never rendered.
    if (RENDERABLE_MARKUP.has(detected.mime)) {
      return { refused: false, contentType: 'text/plain' };
    }
    return { refused: false, contentType: detected.mime };
  }
  return { refused: false, contentType: looksLikeText(head) ? 'text/plain' : 'application/octet-stream' };
}
