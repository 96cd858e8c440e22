import type { AuditEvent } from './api'
import { countOfResource } from '../../lib/plural'
import { verbOf } from './verb'

/** A row of the audit list: one event, or the events one request wrote (folded unless opened). */
export type AuditRow =
  | { kind: 'event'; event: AuditEvent; inGroup: boolean }
  | { kind: 'group'; key: string; events: AuditEvent[]; open: boolean }

/** The key of a run of events: the request, who, what, and where the run starts in the list. */
export const groupKey = (first: AuditEvent) => `${first.requestId}|${first.actor.sub}|${first.verb}|${first.id}`

/**
 * Folds each run of consecutive events with the same request, actor and verb into one row: one page
 * of the AWS surfaces makes an IAM call per role and policy, each audited on its own, and twenty
 * rows of `aws_iam_read` from one click hide everything else. The two rows of one session (a shell
 * started, then ended) are not folded: each says something else. A folded row lists its events when
 * its key is in `open`; a single event is its own row.
 */
export function groupByRequest(items: AuditEvent[], open: ReadonlySet<string>): AuditRow[] {
  const rows: AuditRow[] = []
  for (let i = 0; i < items.length; ) {
    const first = items[i]
    let end = i + 1
    while (end < items.length && items[end].requestId === first.requestId && items[end].actor.sub === first.actor.sub
      && verbOf(items[end]) === verbOf(first) && first.requestId !== '') end++
    if (end - i === 1) {
      rows.push({ kind: 'event', event: first, inGroup: false })
    } else {
      const events = items.slice(i, end)
      const key = groupKey(first)
      rows.push({ kind: 'group', key, events, open: open.has(key) })
      if (open.has(key)) events.forEach((event) => rows.push({ kind: 'event', event, inGroup: true }))
    }
    i = end
  }
  return rows
}

/** What a folded row says about its events' targets: the clusters, then how many distinct objects of which resources. */
export function groupTarget(events: AuditEvent[]): string {
  const clusters = [...new Set(events.map((e) => e.target.cluster).filter(Boolean))]
  const objects = new Map<string, Set<string>>()
  for (const e of events) {
    const t = e.target
    if (!t.resource) continue
    const seen = objects.get(t.resource) ?? new Set<string>()
    seen.add(`${t.cluster}/${t.namespace}/${t.name}`)
    objects.set(t.resource, seen)
  }
  const what = [...objects].map(([r, names]) => countOfResource(names.size, r)).join(', ')
  return [clusters.join(', '), what].filter(Boolean).join(' · ')
}

/** The worst outcome among the events (denied, then failure, then success) and how many had it. */
export function groupOutcome(events: AuditEvent[]): { outcome: AuditEvent['outcome']; count: number } {
  for (const outcome of ['denied', 'failure', 'success'] as const) {
    const count = events.filter((e) => e.outcome === outcome).length
    if (count > 0) return { outcome, count }
  }
  return { outcome: events[0].outcome, count: events.length }
}
