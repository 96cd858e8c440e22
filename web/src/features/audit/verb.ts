/**
 * The verb with its phase where a verb writes two rows (a shell or port-forward started and ended,
 * an add-on write submitted and completed), and a dry run's (an apply or create that stored nothing)
 * said as one: otherwise each reads the same in the table as the change itself.
 */
export function verbOf(e: { verb: string; extra: Record<string, unknown> }): string {
  if (typeof e.extra.phase === 'string') return `${e.verb} · ${e.extra.phase}`
  return e.extra.dryRun === true ? `${e.verb} · dry run` : e.verb
}
