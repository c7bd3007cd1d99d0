import type { ReactNode, Ref } from 'react';
import { cx } from './cx.js';

export interface PageHeadingProps {
  title: ReactNode;
  /** A line under the title (the establishment, a date…). */
  subtitle?: ReactNode;
  /** Buttons beside the title. */
  actions?: ReactNode;
  className?: string;
  ref?: Ref<HTMLHeadingElement>;
}

/**
 * The page's one <h1>. Focusable by script (tabIndex -1): after a navigation the shell moves the focus
 * here, so a screen reader starts reading the new page.
 */
export function PageHeading({ title, subtitle, actions, className, ref }: PageHeadingProps) {
  return (
    <div className={cx('ent-page-heading', className)}>
      <div className="ent-page-heading__texts">
        <h1 ref={ref} tabIndex={-1} className="ent-page-heading__title">
          {title}
        </h1>
        {subtitle ? <p className="ent-page-heading__subtitle">{subtitle}</p> : null}
      </div>
      {actions ? <div className="ent-page-heading__actions">{actions}</div> : null}
    </div>
  );
}
