/**
 * The identity emails, in the recipient's language (Italian first). Admin-editable templates come
 * with the email channel; until then these are the texts.
 */
import type { Language } from '../../../contracts/common.contract.js';
import type { Account } from '../../../contracts/identity.contract.js';
import type { EmailToQueue } from '../mail/index.js';

const texts = {
  it: {
    invitationSubject: 'Il tuo accesso a Sportello',
    invitation: (name: string, link: string) =>
      `Buongiorno ${name},\n\nè stato creato per te un accesso a Sportello.\nScegli la tua password da questo link (valido 7 giorni, utilizzabile una sola volta):\n\n${link}\n\nSe non te lo aspettavi, ignora questo messaggio.\n`,
    resetSubject: 'Reimposta la password di Sportello',
    reset: (name: string, link: string) =>
      `Buongiorno ${name},\n\nabbiamo ricevuto una richiesta di reimpostare la tua password.\nScegline una nuova da questo link (valido 2 ore, utilizzabile una sola volta):\n\n${link}\n\nSe non l'hai chiesto tu, ignora questo messaggio: la password attuale resta valida.\n`,
  },
  en: {
    invitationSubject: 'Your access to Sportello',
    invitation: (name: string, link: string) =>
      `Hello ${name},\n\nan account on Sportello has been created for you.\nChoose your password with this link (valid for 7 days, usable once):\n\n${link}\n\nIf you did not expect this, ignore this message.\n`,
    resetSubject: 'Reset your Sportello password',
    reset: (name: string, link: string) =>
      `Hello ${name},\n\nwe received a request to reset your password.\nChoose a new one with this link (valid for 2 hours, usable once):\n\n${link}\n\nIf you did not ask for it, ignore this message: your current password still works.\n`,
  },
} satisfies Record<Language, unknown>;

export function invitationEmail(account: Pick<Account, 'name' | 'email' | 'language'>, link: string): EmailToQueue {
  const text = texts[account.language];
  return {
    to: [account.email],
    subject: text.invitationSubject,
    text: text.invitation(account.name, link),
    purpose: 'identity.invitation',
  };
}

export function passwordResetEmail(account: Pick<Account, 'name' | 'email' | 'language'>, link: string): EmailToQueue {
  const text = texts[account.language];
  return {
    to: [account.email],
    subject: text.resetSubject,
    text: text.reset(account.name, link),
    purpose: 'identity.password-reset',
  };
}
