import type { HTMLAttributes } from 'react'
import { cx } from './cx'

type Accent = 'none' | 'danger' | 'warning'

const borders: Record<Accent, string> = {
  none: 'border-slate-200 dark:border-slate-700',
  danger: 'border-red-300 dark:border-red-900',
  warning: 'border-amber-300 dark:border-amber-800',
}

/** A bordered surface. `accent` colours the border (pick it here: border classes in className would fight). */
export function Card({ className, accent = 'none', ...rest }: HTMLAttributes<HTMLElement> & { accent?: Accent }) {
  return (
    <section
      className={cx('rounded-lg border bg-white shadow-sm dark:bg-slate-900', borders[accent], className)}
      {...rest}
    />
  )
}
