import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.js';
import { loginBaseOf } from './names.js';

/**
 * Hands out unique `prenom.nom` logins: the first Jean Martin gets `jean.martin`, the next `jean.martin2`,
 * and so on. It keeps one counter per base rather than every login, so its memory grows with the number
 * of distinct names, not of accounts.
 */
export class LoginAllocator {
  /** base → highest number in use (the bare base counts as 1). */
  readonly #highest = new Map<string, number>();

  /** Marks logins as taken (named demo accounts, accounts already in the database). */
  reserve(login: string): void {
    const { base, number } = splitLogin(login);
    if ((this.#highest.get(base) ?? 0) < number) this.#highest.set(base, number);
  }

  allocate(firstName: string, lastName: string): string {
    const base = loginBaseOf(firstName, lastName);
    const next = (this.#highest.get(base) ?? 0) + 1;
    this.#highest.set(base, next);
    return next === 1 ? base : `${base}${next}`;
  }

  /** Reserves every login already in the database, one row per base (so a big directory stays cheap). */
  async reserveExisting(db: Kysely<Database>): Promise<void> {
    const { rows } = await sql<{ base: string; highest: string | number }>`
      select regexp_replace(login, '[0-9]+$', '') as base,
             max(coalesce(nullif(substring(login from '[0-9]+$'), ''), '1')::numeric) as highest
      from users
      group by 1`.execute(db);
    for (const { base, highest } of rows) {
      const number = Number(highest);
      if ((this.#highest.get(base) ?? 0) < number) this.#highest.set(base, number);
    }
  }
}

function splitLogin(login: string): { base: string; number: number } {
  const match = /^(.*?)([0-9]+)$/.exec(login);
  if (!match) return { base: login, number: 1 };
  return { base: match[1] ?? '', number: Number(match[2]) };
}
