import { type ReactNode, useId } from 'react';
import { t } from '../i18n/i18n.js';
import { Link } from '../navigation/navigation.js';
import { canSpeak, speak } from '../speech/speak.js';
import { cx } from './cx.js';
import { Pictogram, pictogramOf } from './Pictogram.js';

/**
 * large: cycles 1 and 2 (very large pictogram, a few words, read-aloud); standard: collège and lycée;
 * dense: the supérieur and staff (several per line, the description beside the label).
 */
export type TileVariant = 'large' | 'standard' | 'dense';

export type TileAccent = 'blue' | 'green' | 'orange' | 'purple' | 'teal' | 'red';
export const TILE_ACCENTS: readonly TileAccent[] = ['blue', 'green', 'orange', 'purple', 'teal', 'red'];

/** The one number a tile may show, with what it counts in words (« 2 devoirs pour demain »). */
export interface TileCount {
  value: number;
  /** The whole phrase, number included: it is what assistive technologies read. */
  label: string;
}

export interface TileProps {
  href: string;
  label: string;
  description?: string;
  /**
   * A kit pictogram's name (`book`, `pencil`…, see PICTOGRAM_NAMES), an emoji, or an element;
   * decorative, the label being its text alternative.
   */
  pictogram: ReactNode;
  /** A colour to tell tiles apart at a glance (never the only cue: each has its label and pictogram). */
  accent?: TileAccent;
  variant?: TileVariant;
  count?: TileCount | null;
  /** A read-aloud button (speech synthesis, French): true reads the label and count, a string reads it. */
  readAloud?: boolean | string;
  /** Added to the link's name for assistive technologies: whom the tile is about (« pour Léa »). */
  context?: string;
  className?: string;
}

function spokenText(props: TileProps): string {
  if (typeof props.readAloud === 'string') return props.readAloud;
  return props.count ? `${props.label}. ${props.count.label}.` : `${props.label}.`;
}

/**
 * A home-page tile: one link (the whole tile is clickable; the link's text is the label and the count),
 * a description outside the link's name, and an optional read-aloud button beside it. Render inside a
 * TileGrid (a list).
 */
export function Tile(props: TileProps) {
  const { href, label, description, pictogram, variant = 'standard', count, readAloud, context, accent, className } = props;
  const descriptionId = useId();
  const showDescription = Boolean(description) && variant !== 'large';
  return (
    <li
      className={cx('ent-tile', `ent-tile--${variant}`, accent && `ent-tile--${accent}`, count && count.value > 0 && 'ent-tile--counted', className)}
      lang="fr"
    >
      <span className="ent-tile__pictogram" aria-hidden="true">
        {typeof pictogram === 'string' ? pictogramOf(pictogram) : pictogram}
      </span>
      <Link href={href} className="ent-tile__link" aria-describedby={showDescription ? descriptionId : undefined}>
        {/* One flex item for the name and its context: as items of their own they are read « Devoirs , pour Léa ». */}
        <span className="ent-tile__name">
          <span className="ent-tile__label">{label}</span>
          {context ? <span className="ent-visually-hidden">, {context}</span> : null}
        </span>
        {count ? (
          variant === 'large' ? (
            // Big enough to see from afar; the phrase is read by assistive technologies.
            <span className="ent-tile__count">
              <span className="ent-tile__count-value" aria-hidden="true">
                {count.value.toLocaleString('fr')}
              </span>
              <span className="ent-visually-hidden">{count.label}</span>
            </span>
          ) : (
            <span className="ent-tile__count ent-tile__count-label">{count.label}</span>
          )
        ) : null}
      </Link>
      {showDescription ? (
        <p id={descriptionId} className="ent-tile__description">
          {description}
        </p>
      ) : null}
      {readAloud && canSpeak() ? (
        <button
          type="button"
          className="ent-tile__speak"
          aria-label={t('kit.tile.readAloudLabel', { label })}
          onClick={() => speak(spokenText(props))}
        >
          <Pictogram name="speaker" />
          <span aria-hidden="true"> {t('kit.tile.readAloud')}</span>
        </button>
      ) : null}
    </li>
  );
}

export interface TileGridProps {
  variant?: TileVariant;
  /** Names the list when no heading just above does. */
  label?: string;
  children: ReactNode;
  className?: string;
}

/** The list of tiles, laid out for their variant. */
export function TileGrid({ variant = 'standard', label, children, className }: TileGridProps) {
  return (
    <ul className={cx('ent-tile-grid', `ent-tile-grid--${variant}`, className)} aria-label={label}>
      {children}
    </ul>
  );
}
