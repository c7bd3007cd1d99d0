import { type ComponentPropsWithoutRef, type ElementType, type ReactNode, useId } from 'react';
import { cx } from './cx.js';

type Gap = 'small' | 'medium' | 'large';

/** Text for assistive technologies only. */
export function VisuallyHidden({ children, as: As = 'span' }: { children: ReactNode; as?: ElementType }) {
  return <As className="ent-visually-hidden">{children}</As>;
}

/** Children one under the other, evenly spaced. */
export function Stack({
  gap = 'medium',
  className,
  ...rest
}: ComponentPropsWithoutRef<'div'> & { gap?: Gap }) {
  return <div className={cx('ent-stack', `ent-stack--${gap}`, className)} {...rest} />;
}

/** Children side by side, wrapping on narrow screens (buttons, badges). */
export function Cluster({
  gap = 'medium',
  className,
  ...rest
}: ComponentPropsWithoutRef<'div'> & { gap?: Gap }) {
  return <div className={cx('ent-cluster', `ent-cluster--${gap}`, className)} {...rest} />;
}

export interface SectionProps extends Omit<ComponentPropsWithoutRef<'section'>, 'title'> {
  title: ReactNode;
  /** Heading level (default 2). */
  level?: 2 | 3 | 4;
  /** Keep the heading for assistive technologies only. */
  titleHidden?: boolean;
  actions?: ReactNode;
}

/** A titled region of a page: `<section aria-labelledby>` with its heading. */
export function Section({ title, level = 2, titleHidden, actions, className, children, ...rest }: SectionProps) {
  const titleId = useId();
  const Heading = `h${level}` as const;
  return (
    <section aria-labelledby={titleId} className={cx('ent-section', className)} {...rest}>
      <div className={cx('ent-section__header', titleHidden && 'ent-visually-hidden')}>
        <Heading id={titleId} className="ent-section__title">
          {title}
        </Heading>
        {actions ? <div className="ent-section__actions">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}

/** A framed block of content. */
export function Card({ className, ...rest }: ComponentPropsWithoutRef<'div'>) {
  return <div className={cx('ent-card', className)} {...rest} />;
}

/** A page's content column, at a readable width. */
export function Page({ className, ...rest }: ComponentPropsWithoutRef<'div'>) {
  return <div className={cx('ent-page', className)} {...rest} />;
}
