import type { ReactNode } from 'react';

/**
 * Line pictograms drawn on a 24×24 grid, in the text colour. Inline SVG rather than emoji: emoji fonts
 * are missing on many school computers (a blank square is no help to a six-year-old).
 */
const PATHS = {
  book: ['M2 5.5c3.3-1.6 6.6-1.3 10 1 3.4-2.3 6.7-2.6 10-1v13.5c-3.3-1.6-6.6-1.3-10 1-3.4-2.3-6.7-2.6-10-1z', 'M12 6.5v13.5'],
  pencil: ['M4 20l1.2-4.8L15.8 4.6a1.5 1.5 0 0 1 2.1 0l1.5 1.5a1.5 1.5 0 0 1 0 2.1L8.8 18.8z', 'M13.5 7l3.5 3.5', 'M4 20h6'],
  mail: ['M4 5h16a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1z', 'M3.5 6.5l8.5 6.5 8.5-6.5'],
  form: ['M7 4h10a2 2 0 0 1 2 2v14a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V6a2 2 0 0 1 2-2z', 'M9 3h6v3H9z', 'M8.5 11l1.5 1.5 3-3', 'M8.5 16.5h7'],
  books: ['M3 4h4v16H3z', 'M9 4h4v16H9z', 'M15 5.2l3.8-1 3.2 15.6-3.8 1z', 'M3 8h4', 'M9 16h4'],
  chart: ['M3 21h18', 'M6 21v-8', 'M11 21V5', 'M16 21v-5', 'M21 21V9'],
  grid: ['M4 4h6v6H4z', 'M14 4h6v6h-6z', 'M4 14h6v6H4z', 'M14 14h6v6h-6z'],
  contacts: ['M6 3h12a1 1 0 0 1 1 1v16a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1z', 'M12 7.5a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5z', 'M8 17.5c.8-2 2.2-3 4-3s3.2 1 4 3', 'M3 7h2', 'M3 12h2', 'M3 17h2'],
  school: ['M2.5 10L12 4l9.5 6', 'M5 9v11h14V9', 'M10 20v-5h4v5', 'M12 8.5v2'],
  building: ['M4 21V8l8-5 8 5v13', 'M2 21h20', 'M8 11h2', 'M14 11h2', 'M8 15h2', 'M14 15h2', 'M11 21v-3h2v3'],
  person: ['M12 3.5a4 4 0 1 1 0 8 4 4 0 0 1 0-8z', 'M4 21c.8-4.4 4-6.5 8-6.5s7.2 2.1 8 6.5'],
  family: ['M8 4a3 3 0 1 1 0 6 3 3 0 0 1 0-6z', 'M17 7a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5z', 'M2.5 20c.6-3.6 2.7-5.5 5.5-5.5s4.9 1.9 5.5 5.5', 'M14 20c.4-2.7 1.4-4.5 3-4.5s2.6 1.8 3 4.5'],
  sliders: ['M4 6h9', 'M17 6h3', 'M4 12h3', 'M11 12h9', 'M4 18h11', 'M19 18h1', 'M15 4v4', 'M9 10v4', 'M17 16v4'],
  speaker: ['M4 9h4l5-4v14l-5-4H4z', 'M16.5 9a4 4 0 0 1 0 6', 'M19 6.5a7.5 7.5 0 0 1 0 11'],
  glasses: ['M7 11a3.5 3.5 0 1 1 0 7 3.5 3.5 0 0 1 0-7z', 'M17 11a3.5 3.5 0 1 1 0 7 3.5 3.5 0 0 1 0-7z', 'M10.5 14.5h3', 'M3.5 14L5 6.5', 'M20.5 14L19 6.5'],
  bell: ['M6 17v-6a6 6 0 0 1 12 0v6l1.5 1.5h-15z', 'M10 20.5a2 2 0 0 0 4 0'],
  calendar: ['M5 5h14a1 1 0 0 1 1 1v14a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1z', 'M4 10h16', 'M8 3v4', 'M16 3v4', 'M9 15l2 2 4-4'],
  lock: ['M6 11h12a1 1 0 0 1 1 1v8a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1v-8a1 1 0 0 1 1-1z', 'M8 11V8a4 4 0 0 1 8 0v3', 'M12 15v2'],
  check: ['M12 3a9 9 0 1 1 0 18 9 9 0 0 1 0-18z', 'M8 12.5l2.7 2.7L16 10'],
  star: ['M12 3.5l2.6 5.4 5.9.8-4.3 4.1 1 5.8-5.2-2.8-5.2 2.8 1-5.8-4.3-4.1 5.9-.8z'],
  puzzle: ['M4 8h4a2 2 0 1 1 4 0h4v4a2 2 0 1 1 0 4v4H4z'],
} as const satisfies Record<string, readonly string[]>;

export type PictogramName = keyof typeof PATHS;

export const PICTOGRAM_NAMES = Object.keys(PATHS) as PictogramName[];

export function isPictogramName(value: string): value is PictogramName {
  return Object.hasOwn(PATHS, value);
}

/** A decorative pictogram (aria-hidden): the text beside it is its alternative. */
export function Pictogram({ name, className }: { name: PictogramName; className?: string }) {
  return (
    <svg
      className={className ? `ent-pictogram ${className}` : 'ent-pictogram'}
      viewBox="0 0 24 24"
      width="24"
      height="24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {PATHS[name].map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}

/** A pictogram by name (one of PICTOGRAM_NAMES), or the text given (an emoji a vendor chose). */
export function pictogramOf(value: string): ReactNode {
  return isPictogramName(value) ? <Pictogram name={value} /> : value;
}
