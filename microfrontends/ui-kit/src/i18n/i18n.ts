/**
 * Catalogue-based messages. French is the default and the fallback: a key missing in another language
 * is shown in French, and a key missing everywhere is shown as itself (visible in review, never blank).
 *
 * Keys are `namespace.path.to.message`; each micro-frontend registers its own namespace
 * (`registerCatalogue('admin', { modules: { title: 'Modules' } })` → `t('admin.modules.title')`).
 */

/** A message, or its plural forms chosen by `params.count` with the language's plural rules. */
export type Message = string | PluralMessage;
export interface PluralMessage {
  one: string;
  other: string;
  /** French « zéro » is singular by the rules; some messages read better with their own wording. */
  zero?: string;
}
export interface Catalogue {
  [key: string]: Message | Catalogue;
}
export type MessageParams = Readonly<Record<string, string | number>>;

export const DEFAULT_LOCALE = 'fr';

const catalogues = new Map<string, Map<string, Message>>();
let currentLocale = DEFAULT_LOCALE;
const pluralRules = new Map<string, Intl.PluralRules>();

function isPlural(value: Message | Catalogue): value is PluralMessage {
  return typeof value === 'object' && typeof value['one'] === 'string' && typeof value['other'] === 'string';
}

function flatten(prefix: string, messages: Catalogue, into: Map<string, Message>): void {
  for (const [key, value] of Object.entries(messages)) {
    const path = `${prefix}.${key}`;
    if (typeof value === 'string' || isPlural(value)) into.set(path, value);
    else flatten(path, value, into);
  }
}

/**
 * Adds (or replaces) a namespace's messages for a language. Nested objects and dotted keys are
 * equivalent: `{ modules: { title } }` and `{ 'modules.title': … }` both give `namespace.modules.title`.
 */
export function registerCatalogue(namespace: string, messages: Catalogue, locale: string = DEFAULT_LOCALE): void {
  if (!/^[A-Za-z][\w-]*$/.test(namespace)) throw new Error(`invalid catalogue namespace: ${namespace}`);
  let table = catalogues.get(locale);
  if (!table) {
    table = new Map();
    catalogues.set(locale, table);
  }
  for (const key of [...table.keys()]) if (key.startsWith(`${namespace}.`)) table.delete(key);
  flatten(namespace, messages, table);
}

export function setLocale(locale: string): void {
  currentLocale = locale;
}

export function getLocale(): string {
  return currentLocale;
}

/** Whether a message exists for this key (in the current language or in French). */
export function hasMessage(key: string): boolean {
  return lookup(key) !== undefined;
}

function lookup(key: string): Message | undefined {
  return catalogues.get(currentLocale)?.get(key) ?? catalogues.get(DEFAULT_LOCALE)?.get(key);
}

function pluralRulesFor(locale: string): Intl.PluralRules {
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    pluralRules.set(locale, rules);
  }
  return rules;
}

/** `{name}` placeholders; a number is written the local way (1 234). Unknown placeholders stay visible. */
export function interpolate(template: string, params: MessageParams = {}, locale: string = currentLocale): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? value.toLocaleString(locale) : value;
  });
}

/** The message for `key` in the current language, with `{placeholders}` filled in. */
export function t(key: string, params?: MessageParams): string {
  const message = lookup(key);
  if (message === undefined) return key;
  if (typeof message === 'string') return interpolate(message, params);
  const count = Number(params?.['count'] ?? 0);
  if (count === 0 && message.zero !== undefined) return interpolate(message.zero, params);
  const form = pluralRulesFor(currentLocale).select(count) === 'one' ? message.one : message.other;
  return interpolate(form, params);
}
