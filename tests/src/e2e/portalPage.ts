import type { Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../harness.js';

// Functions passed to page.evaluate run in the browser; this package compiles without the DOM library,
// so the few DOM shapes they touch are declared here.
interface DomElement {
  tagName: string;
  parentElement: DomElement | null;
  className: string | { baseVal: string };
  textContent: string | null;
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  closest(selector: string): DomElement | null;
}
interface DomWindow {
  document: { activeElement: DomElement | null };
  getComputedStyle(element: DomElement): { outlineStyle: string; outlineWidth: string; boxShadow: string };
}

/** Signs in through the login page as a person would, and waits for their home page's greeting. */
export async function logIn(page: Page, login: string, password: string = DEMO_PASSWORD): Promise<void> {
  await page.goto('/');
  await page.getByLabel(/^Identifiant/).fill(login);
  await page.getByLabel(/^Mot de passe/).fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { level: 1, name: /^Bonjour/ }).waitFor();
}

/** One tile of the home page as the person meets it. */
export interface HomeTile {
  /** The visible label. */
  label: string;
  /** The link's path. */
  href: string;
  variant: 'large' | 'standard' | 'dense' | null;
  /** The read-aloud button's accessible name, when the tile has one. */
  readAloud: string | null;
  /** What names the list the tile is in (aria-label, e.g. « Services de Léa »), if anything does. */
  list: string | null;
}

/** The tiles of the page, in reading order (optionally within a part of the page). */
export async function homeTiles(scope: Page | Locator): Promise<HomeTile[]> {
  return scope.locator('li.ent-tile').evaluateAll((items) =>
    (items as unknown as DomElement[]).map((item) => {
      const className = typeof item.className === 'string' ? item.className : item.className.baseVal;
      const variant = /ent-tile--(large|standard|dense)\b/.exec(className)?.[1] ?? null;
      const link = item.querySelector('a.ent-tile__link');
      return {
        label: item.querySelector('.ent-tile__label')?.textContent?.trim() ?? '',
        href: new URL(link?.getAttribute('href') ?? '', 'http://portal.test').pathname,
        variant: variant as 'large' | 'standard' | 'dense' | null,
        readAloud: item.querySelector('button.ent-tile__speak')?.getAttribute('aria-label') ?? null,
        list: item.closest('ul')?.getAttribute('aria-label') ?? null,
      };
    }),
  );
}

/** The labels of the tiles in a region of the page, in order. */
export async function tileLabels(scope: Page | Locator): Promise<string[]> {
  return (await homeTiles(scope)).map((tile) => tile.label);
}

/** What has the keyboard focus: tag, text and whether a focus indicator is drawn, on it or a close container (WCAG 2.4.7). */
export interface Focused {
  tag: string;
  text: string;
  ariaLabel: string | null;
  focusVisible: boolean;
}

export async function focused(page: Page): Promise<Focused | null> {
  return page.evaluate(() => {
    const view = globalThis as unknown as DomWindow;
    const element = view.document.activeElement;
    if (!element || element.tagName === 'BODY') return null;
    const drawsRing = (candidate: DomElement) => {
      const style = view.getComputedStyle(candidate);
      return (style.outlineStyle !== 'none' && style.outlineWidth !== '0px') || style.boxShadow !== 'none';
    };
    // The ring may be drawn around a container (a tile outlines itself when its link has the focus).
    let ring = drawsRing(element);
    for (let ancestor = element.parentElement, depth = 0; !ring && ancestor && depth < 3; ancestor = ancestor.parentElement, depth++) {
      ring = drawsRing(ancestor);
    }
    return {
      tag: element.tagName.toLowerCase(),
      text: (element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 80),
      ariaLabel: element.getAttribute('aria-label'),
      focusVisible: ring,
    };
  });
}

/** Whether the element has the keyboard focus. */
export async function hasFocus(target: Locator): Promise<boolean> {
  return target.evaluate((element) => element === (globalThis as unknown as DomWindow).document.activeElement);
}

/**
 * Presses Tab until `target` has the focus, as a keyboard user moves through the page; fails after
 * `maxTabs`. Returns every element met on the way, so a test can check each showed where the focus was.
 */
export async function tabTo(page: Page, target: Locator, maxTabs = 60): Promise<Focused[]> {
  const met: Focused[] = [];
  for (let presses = 0; presses < maxTabs; presses++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (now) met.push(now);
    if (await hasFocus(target)) return met;
  }
  throw new Error(`${maxTabs} presses of Tab did not reach ${target}; met: ${met.map((step) => `${step.tag} « ${step.ariaLabel ?? step.text} »`).join(', ')}`);
}

/**
 * Replaces speech synthesis with a recorder before any page script runs: headless Chromium has no
 * voices, and a test wants to know what would have been said, in which language.
 */
export async function recordSpeech(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const view = globalThis as unknown as {
      speechSynthesis?: { speak(utterance: { text: string; lang: string }): void; cancel(): void };
      __spoken: Array<{ text: string; lang: string }>;
    };
    view.__spoken = [];
    if (view.speechSynthesis) {
      view.speechSynthesis.speak = (utterance) => {
        view.__spoken.push({ text: utterance.text, lang: utterance.lang });
      };
      view.speechSynthesis.cancel = () => undefined;
    }
  });
}

/** What the page asked the speech synthesis to say since it loaded (after recordSpeech). */
export async function spoken(page: Page): Promise<Array<{ text: string; lang: string }>> {
  return page.evaluate(() => (globalThis as unknown as { __spoken?: Array<{ text: string; lang: string }> }).__spoken ?? []);
}
