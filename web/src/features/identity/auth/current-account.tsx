import { createContext, use, type ReactNode } from 'react';
import type { Account } from '../../../../../contracts/identity.contract';

const CurrentAccountContext = createContext<Account | null>(null);

/**
 * Hands the signed-in account to the screens under the session guard. Screens read it from here,
 * not from the session query: when the session ends (sign-out, a 401), the guard alone reacts and
 * redirects, instead of every screen re-rendering at once without an account.
 */
export function CurrentAccountProvider({ account, children }: { account: Account; children: ReactNode }) {
  return <CurrentAccountContext value={account}>{children}</CurrentAccountContext>;
}

/** The signed-in account; only for screens behind the session guard, which guarantees one. */
export function useCurrentAccount(): Account {
  const account = use(CurrentAccountContext);
  if (!account) throw new Error('useCurrentAccount used outside the signed-in area');
  return account;
}
