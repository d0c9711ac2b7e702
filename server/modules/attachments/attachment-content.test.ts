/** File names are cleaned and file types judged from the bytes (attachment-content.ts). */
import { describe, expect, it } from 'vitest';
import { judgeContent, normalizeFilename } from './attachment-content.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describe('normalizeFilename', () => {
  it('keeps the last path segment only, whatever the separator', () => {
    expect(normalizeFilename('../../etc/passwd')).toBe('passwd');
    expect(normalizeFilename('C:\\Users\\mario\\Desktop\\fattura.pdf')).toBe('fattura.pdf');
  });

  it('drops control characters and bidirectional overrides, keeps letters of any script', () => {
    expect(normalizeFilename('foto\u202Egpj.exe')).toBe('fotogpj.exe');
    expect(normalizeFilename('ri\u0000epi\u001flogo.txt')).toBe('riepilogo.txt');
    expect(normalizeFilename('Привет мир 日本語 città.pdf')).toBe('Привет мир 日本語 città.pdf');
  });

  it('trims dots and spaces, collapses whitespace, composes accents (NFC)', () => {
    expect(normalizeFilename('  ..nascosto.txt.  ')).toBe('nascosto.txt');
    expect(normalizeFilename('due\t\nparole.txt')).toBe('due parole.txt');
    expect(normalizeFilename('cafe\u0301.txt')).toBe('café.txt');
  });

  it('falls back to a neutral name when nothing is left', () => {
    expect(normalizeFilename('')).toBe('attachment');
    expect(normalizeFilename('../..')).toBe('attachment');
    expect(normalizeFilename(undefined)).toBe('attachment');
  });

  it('bounds the length to 200 characters and keeps the extension', () => {
    const name = normalizeFilename(`${'è'.repeat(300)}.docx`);
    expect([...name]).toHaveLength(200);
    expect(name.endsWith('è.docx')).toBe(true);
  });
});

describe('judgeContent', () => {
  it('takes the type from the bytes, not the name', async () => {
    expect(await judgeContent(PNG, 'documento.pdf')).toEqual({ refused: false, contentType: 'image/png' });
  });

  it('stores text as text/plain and never as HTML or SVG', async () => {
    expect(await judgeContent(Buffer.from('<script>alert(1)</script>'), 'pagina.html')).toEqual({
      refused: false,
      contentType: 'text/plain',
    });
    const svg = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script/></svg>');
    expect(await judgeContent(svg, 'logo.svg')).toEqual({ refused: false, contentType: 'text/plain' });
  });

  it('stores other unknown bytes as application/octet-stream', async () => {
    expect(await judgeContent(Buffer.from([0x00, 0xff, 0x10, 0x80]), 'dati.bin.dat')).toEqual({
      refused: false,
      contentType: 'application/octet-stream',
    });
  });

  it('refuses programs and scripts by extension and by content', async () => {
    for (const name of ['setup.exe', 'run.BAT', 'macro.js', 'script.ps1', 'app.msi', 'x.vbs', 'lib.jar']) {
      expect((await judgeContent(Buffer.from('hello'), name)).refused, name).toBe(true);
    }
    const windowsProgram = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]);
    expect((await judgeContent(windowsProgram, 'fattura.pdf')).refused).toBe(true);
    const linuxProgram = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(200)]);
    expect((await judgeContent(linuxProgram, 'foto.jpg')).refused).toBe(true);
    expect((await judgeContent(Buffer.from('#!/bin/sh\nrm -rf /\n'), 'note.txt')).refused).toBe(true);
  });
});
