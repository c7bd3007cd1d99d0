import { type ReactNode, useId } from 'react';
import { t } from '../i18n/i18n.js';
import { cx } from './cx.js';

export interface TableColumn<Row> {
  key: string;
  header: ReactNode;
  /** The cell's content; default: the row's property named `key`. */
  render?: (row: Row) => ReactNode;
  /** This column names the row (`<th scope="row">`); usually the first. */
  rowHeader?: boolean;
  align?: 'start' | 'end';
}

export interface TableProps<Row> {
  /** What the table shows: every table has a caption (RGAA 5.4). */
  caption: ReactNode;
  /** Keep the caption for assistive technologies only (a heading above says the same). */
  captionHidden?: boolean;
  columns: readonly TableColumn<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** Shown in place of the rows when there are none. */
  empty?: ReactNode;
  className?: string;
}

function cellOf<Row>(row: Row, column: TableColumn<Row>): ReactNode {
  if (column.render) return column.render(row);
  const value = (row as Record<string, unknown>)[column.key];
  return value === null || value === undefined ? '' : String(value);
}

/** A data table: caption, column headers with `scope="col"`, row headers with `scope="row"`. */
export function Table<Row>({ caption, captionHidden, columns, rows, rowKey, empty, className }: TableProps<Row>) {
  const captionId = useId();
  return (
    // A wide table scrolls on its own; the region is focusable so the keyboard can scroll it.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className={cx('ent-table-wrapper', className)} aria-labelledby={captionId} tabIndex={0}>
      <table className="ent-table">
        <caption id={captionId} className={captionHidden ? 'ent-visually-hidden' : 'ent-table__caption'}>
          {caption}
        </caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.key} scope="col" className={column.align === 'end' ? 'ent-table__end' : undefined}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="ent-table__empty">
                {empty ?? t('kit.table.empty')}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((column) => {
                  const className = column.align === 'end' ? 'ent-table__end' : undefined;
                  return column.rowHeader ? (
                    <th key={column.key} scope="row" className={className}>
                      {cellOf(row, column)}
                    </th>
                  ) : (
                    <td key={column.key} className={className}>
                      {cellOf(row, column)}
                    </td>
                  );
                })}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </section>
  );
}
