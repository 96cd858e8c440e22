import type { InputHTMLAttributes, Ref, SelectHTMLAttributes } from 'react'
import { focusRing } from './Button'
import { cx } from './cx'
import { disabledFramed } from './disabled'

type Tone = 'neutral' | 'danger'

const borders: Record<Tone, string> = {
  neutral: 'border-slate-300 dark:border-slate-600',
  danger: 'border-red-300 dark:border-red-800',
}

/** The look every text field and select shares: 2rem high, bordered, readable in both themes; disabled as a button is. */
const field = (tone: Tone, className: string | undefined) =>
  cx(
    'h-8 rounded-md border bg-white px-2 text-sm text-slate-800 placeholder:text-slate-400 dark:bg-slate-800 dark:text-slate-100',
    borders[tone],
    disabledFramed,
    focusRing,
    className,
  )

export interface InputProps extends InputHTMLAttributes<HTMLInputElement> {
  /** `danger` for a field guarding a destructive step (typing a name to delete it). */
  tone?: Tone
  ref?: Ref<HTMLInputElement>
}

/** A text-like `<input>` (text, search, number, datetime-local); width and extras come from `className`. */
export function Input({ tone = 'neutral', className, ...rest }: InputProps) {
  return <input className={field(tone, className)} {...rest} />
}

/** A native `<select>` with the same look as {@link Input}: keyboard and screen-reader behaviour for free. */
export function Select({ className, ...rest }: SelectHTMLAttributes<HTMLSelectElement>) {
  return <select className={field('neutral', className)} {...rest} />
}
