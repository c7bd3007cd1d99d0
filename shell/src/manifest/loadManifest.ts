import { type Catalogue, registerCatalogue } from '@ent/ui-kit';
import { type Manifest, parseManifest } from './manifest.js';

/** /manifest.json, checked; unreadable, the portal runs with its own pages only (and says so). */
export async function loadManifest(url = '/manifest.json'): Promise<{ manifest: Manifest; failed: boolean }> {
  try {
    const response = await fetch(url, { headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const { entries, problems } = parseManifest(await response.json());
    for (const problem of problems) console.error(`manifest: ${problem}`);
    return { manifest: entries, failed: false };
  } catch (error) {
    console.error('manifest: not loaded', error);
    return { manifest: [], failed: true };
  }
}

/**
 * The modules' tile texts, as catalogue messages under `modules.<id>` (label, simpleLabel, description,
 * counts.<n> as plural forms), in French and in the languages the manifest gives.
 */
export function registerModuleTexts(manifest: Manifest): void {
  const byLocale = new Map<string, Catalogue>([['fr', {}]]);
  for (const entry of manifest) {
    const tile = entry.tile;
    if (!tile) continue;
    const counts: Catalogue = {};
    tile.counts.forEach((spec, index) => {
      counts[String(index)] = { one: spec.one, other: spec.other, ...(spec.zero ? { zero: spec.zero } : {}) };
    });
    byLocale.get('fr')![entry.id] = {
      label: tile.label,
      simpleLabel: tile.simpleLabel ?? tile.label,
      description: tile.description,
      counts,
    };
    for (const [locale, texts] of Object.entries(entry.i18n)) {
      const catalogue = byLocale.get(locale) ?? {};
      const own: Catalogue = {};
      if (texts.label) own['label'] = texts.label;
      if (texts.simpleLabel ?? texts.label) own['simpleLabel'] = (texts.simpleLabel ?? texts.label)!;
      if (texts.description) own['description'] = texts.description;
      catalogue[entry.id] = own;
      byLocale.set(locale, catalogue);
    }
  }
  for (const [locale, catalogue] of byLocale) registerCatalogue('modules', catalogue, locale);
}
