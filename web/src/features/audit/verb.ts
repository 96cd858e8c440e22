/**
 * The verb with its phase where a verb writes two rows (a shell or port-forward started and ended,
 * an add-on write submitted and completed): otherwise the two read the same in the table.
 */
export function verbOf(e: { verb: string; extra: Record<string, unknown> }): string {
  return typeof e.extra.phase === 'string' ? `${e.verb} · ${e.extra.phase}` : e.verb
}
