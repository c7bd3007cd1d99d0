/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync(new URL('../src/styles/kit.css', import.meta.url), 'utf8');

function tokensOf(selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`no ${selector} block`);
  const body = css.slice(start, css.indexOf('}', start));
  const tokens: Record<string, string> = {};
  for (const match of body.matchAll(/--ent-color-([\w-]+):\s*(#[0-9a-f]{6})/gi)) tokens[match[1]!] = match[2]!.toLowerCase();
  return tokens;
}

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((index) => {
    const value = Number.parseInt(hex.slice(index, index + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * channels[0]! + 0.7152 * channels[1]! + 0.0722 * channels[2]!;
}

function ratio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** Text colour on background colour, as the components use them. */
const TEXT_PAIRS: [string, string][] = [
  ['text', 'background'],
  ['text', 'surface'],
  ['text', 'surface-strong'],
  ['text', 'info-surface'],
  ['text', 'danger-surface'],
  ['text', 'success-surface'],
  ['text-muted', 'background'],
  ['text-muted', 'surface'],
  ['on-primary', 'primary'],
  ['on-primary', 'primary-strong'],
  ['primary', 'background'],
  ['primary', 'info-surface'],
  ['link', 'background'],
  ['link', 'surface'],
  ['danger', 'background'],
  ['danger', 'danger-surface'],
  ['success', 'success-surface'],
  ['on-count', 'count'],
  ['on-header', 'header'],
];

/** Borders of controls and the focus ring: 3:1 (WCAG 1.4.11). */
const NON_TEXT_PAIRS: [string, string][] = [
  ['border', 'background'],
  ['focus', 'background'],
  ['focus', 'surface'],
  // Pictograms and the large tiles' top border: graphics, 3:1; they are text-coloured in practice.
  ['accent-blue', 'background'],
  ['accent-green', 'background'],
  ['accent-orange', 'background'],
  ['accent-purple', 'background'],
  ['accent-teal', 'background'],
  ['accent-red', 'background'],
];

describe.each([
  ['default', tokensOf(':root')],
  ['high contrast', { ...tokensOf(':root'), ...tokensOf('html.ent-high-contrast') }],
])('design tokens (%s)', (_name, tokens) => {
  it.each(TEXT_PAIRS)('%s on %s reaches 4.5:1', (foreground, background) => {
    expect(ratio(tokens[foreground]!, tokens[background]!)).toBeGreaterThanOrEqual(4.5);
  });
  it.each(NON_TEXT_PAIRS)('%s on %s reaches 3:1', (foreground, background) => {
    expect(ratio(tokens[foreground]!, tokens[background]!)).toBeGreaterThanOrEqual(3);
  });
});

it('high contrast reaches 7:1 for text', () => {
  const tokens = { ...tokensOf(':root'), ...tokensOf('html.ent-high-contrast') };
  expect(ratio(tokens['text']!, tokens['background']!)).toBeGreaterThanOrEqual(7);
  expect(ratio(tokens['link']!, tokens['background']!)).toBeGreaterThanOrEqual(7);
});
