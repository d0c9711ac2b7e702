/**
 * A message's language is told from its own words (message-language.ts): the quoted history of a
 * reply is the other party's, and the first few hundred characters are enough.
 */
import { describe, expect, it } from 'vitest';
import { detectLanguage, LANGUAGE_SAMPLE_CHARACTERS, languageSample } from './message-language.js';

const english = 'The November invoice does not show up in the customer portal, and the accounting team needs it today.';
const italian = 'Buongiorno, il problema si ripresenta ancora questa mattina: la stampante non stampa più nulla.';

describe('language of a message', () => {
  it('is told from the reply, not from the quoted history above which it was written', () => {
    const reply = `${italian}\n\n> ${english}\n> ${english}\n> ${english}`;
    expect(detectLanguage(reply)).toBe('it');
    const outlook = `${italian}\n\n-----Original Message-----\nFrom: Support\n\n${english}\n${english}\n${english}`;
    expect(detectLanguage(outlook)).toBe('it');
    const gmail = `${english}\n\nIl giorno lun 2 mar 2026 alle 09:00 Assistenza ha scritto:\n> ${italian}\n> ${italian}`;
    expect(detectLanguage(gmail)).toBe('en');
  });

  it('reads a reply written below its quote past the quote', () => {
    const bottomPosted = `On Mon, 2 Mar 2026, Support wrote:\n> ${english}\n> ${english}\n\n${italian}`;
    expect(languageSample(bottomPosted)).toBe(`\n${italian}\n`);
    expect(detectLanguage(bottomPosted)).toBe('it');
  });

  it('reads only the first characters of a long message', () => {
    const long = `${italian}\n`.repeat(40);
    expect(languageSample(long)).toHaveLength(LANGUAGE_SAMPLE_CHARACTERS);
    expect(long.startsWith(languageSample(long))).toBe(true);
    expect(detectLanguage(long)).toBe('it');
    expect(detectLanguage(`${english}\n`.repeat(40))).toBe('en');
  });

  it('leaves a message too short to tell to the fallback', () => {
    expect(detectLanguage('ok')).toBeNull();
    expect(detectLanguage(`> ${italian}`)).toBeNull();
  });

  it('tells short requests apart', () => {
    expect(detectLanguage('Password bloccata dopo tre tentativi')).toBe('it');
    expect(detectLanguage('Buongiorno, allego la fattura.')).toBe('it');
    expect(detectLanguage('Hi, see attached.')).toBe('en');
    expect(detectLanguage('VPN down again')).toBe('en');
  });

  it('leaves a message in neither language to the fallback rather than guess one of the two', () => {
    expect(
      detectLanguage('Unsere Datenbank ist nun nicht mehr korrupt. Allerdings gibt es Fehler im Protokoll.'),
    ).toBeNull();
    expect(detectLanguage('Material för att uppdatera texten om nivåer.')).toBeNull();
  });
});
