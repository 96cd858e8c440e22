/**
 * How a disabled control looks, one way across the app (buttons, fields, chips, icon buttons). Not by fading:
 * half opacity left a filled control on the dark theme still looking live, and made the text hard to read.
 * The text turns grey but stays readable (slate-500 on white 4.8:1, slate-400 on slate-900 6.9:1) and the
 * pointer says no. Why it is disabled stays in the title the caller gives.
 */

/** A control with a frame or fill (a bordered button, a field, a chip): the fill goes, the border turns dashed. */
export const disabledFramed =
  'disabled:cursor-not-allowed disabled:border-dashed disabled:border-slate-300 disabled:bg-transparent disabled:text-slate-500 dark:disabled:border-slate-600 dark:disabled:bg-transparent dark:disabled:text-slate-400'

/** A control with neither (a ghost button, an icon button): only the text or icon greys. */
export const disabledBare = 'disabled:cursor-not-allowed disabled:text-slate-500 dark:disabled:text-slate-400'
