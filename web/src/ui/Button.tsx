import type { ButtonHTMLAttributes, Ref } from 'react'
import { cx } from './cx'
import { disabledBare, disabledFramed } from './disabled'

type Variant = 'primary' | 'secondary' | 'ghost' | 'danger'
type Size = 'sm' | 'md'

// Hover only where the button can be pressed: a disabled one that lights up under the pointer reads as live.
const variants: Record<Variant, string> = {
  primary: 'bg-sky-600 text-white enabled:hover:bg-sky-700 dark:bg-sky-500 dark:text-slate-950 dark:enabled:hover:bg-sky-400',
  secondary:
    'border border-slate-300 bg-white text-slate-800 enabled:hover:bg-slate-50 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:enabled:hover:bg-slate-700',
  ghost: 'text-slate-700 enabled:hover:bg-slate-100 dark:text-slate-200 dark:enabled:hover:bg-slate-800',
  danger: 'bg-red-600 text-white enabled:hover:bg-red-700 dark:bg-red-500 dark:enabled:hover:bg-red-400',
}

/**
 * Disabled is said by shape and colour, not by fading. Half opacity left a sky or red button on the dark
 * theme still looking pressable. A button with a fill loses it for a dashed outline; every variant's text
 * turns grey, still readable: slate-500 on white 4.8:1, slate-400 on slate-900 6.9:1. Why it is disabled
 * stays in the title the caller gives. Fields, chips and icon buttons take the same look from ./disabled.
 */
const disabledLook: Record<Variant, string> = {
  primary: cx('disabled:border', disabledFramed),
  secondary: disabledFramed,
  ghost: disabledBare,
  danger: cx('disabled:border', disabledFramed),
}
const sizes: Record<Size, string> = {
  sm: 'h-8 px-2.5 text-sm gap-1.5',
  md: 'h-9 px-3.5 text-sm gap-2',
}

export const focusRing =
  'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 dark:focus-visible:outline-sky-400'

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: Variant
  size?: Size
  /** The button element (React 19 passes a function component's ref as a prop): to give it the focus back. */
  ref?: Ref<HTMLButtonElement>
}

export function Button({ variant = 'secondary', size = 'md', className, type = 'button', ...rest }: ButtonProps) {
  return (
    <button
      type={type}
      className={cx(
        'inline-flex items-center justify-center rounded-md font-medium transition-colors',
        focusRing,
        variants[variant],
        disabledLook[variant],
        sizes[size],
        className,
      )}
      {...rest}
    />
  )
}
