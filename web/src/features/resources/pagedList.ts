/**
 * Lists load in pages (`limit` + `continue`): the first page is shown at once and the rest arrive
 * in the background, merged into the same cached answer the live stream edits. Pure functions;
 * the loading loop lives in hooks.ts.
 *
 * While pages arrive the stream may already report newer states: an object changed before its page
 * came is kept as the stream has it (the page holds the older snapshot), and one deleted before its
 * page came stays deleted (a tombstone).
 */
import type { KubeObject, ListResponse } from './api'

/** Rows of the first request: the first rows of a 50,000-pod cluster appear after ~0.5 MB, not ~58 MB. */
export const PAGE_SIZE = 500

/** Rows of each later request: fewer round trips once something is on screen (10 instead of 100 for 50,000 pods). */
export const LATER_PAGE_SIZE = 5_000

export interface Paging {
  /** Every page is in. */
  complete: boolean
  /** Rows loaded so far. */
  loaded: number
  /** The apiserver's `remainingItemCount` after the last page read (absent with selectors). */
  remaining?: number
  /** Times the load started over because a `continue` token expired (410). */
  restarts: number
  /** Why the remaining pages stopped coming (the rows shown are partial). */
  failed?: string
}

/** A list answer, with how far its pages have loaded (absent: it came in one piece). */
export type PagedListResponse = ListResponse & { paging?: Paging }

/** Identity of an object in a list: its uid, else namespace/name. */
export function identity(o: KubeObject | undefined): string | undefined {
  if (!o?.metadata?.name) return undefined
  return o.metadata.uid || `${o.metadata.namespace ?? ''}/${o.metadata.name}`
}

/** Both keys an object may be known by, so a tombstone recorded from either matches. */
export function identities(o: KubeObject): string[] {
  const byName = `${o.metadata.namespace ?? ''}/${o.metadata.name}`
  return o.metadata.uid ? [o.metadata.uid, byName] : [byName]
}

export function rowCount(resp: ListResponse): number {
  return resp.format === 'table' ? resp.body.rows.length : resp.body.items.length
}

/**
 * `acc` with `page`'s rows appended, skipping objects `acc` already holds (a newer state from the
 * stream) and those deleted while loading. Columns stay the first page's.
 */
export function appendPage(acc: ListResponse, page: ListResponse, deleted: ReadonlySet<string>): ListResponse {
  const known = new Set<string>()
  const objects = acc.format === 'table' ? acc.body.rows.map((r) => r.object) : acc.body.items
  for (const o of objects) if (o) for (const k of identities(o)) known.add(k)
  const fresh = (o: KubeObject | undefined) => !o || identities(o).every((k) => !known.has(k) && !deleted.has(k))
  const metadata = { ...acc.body.metadata, continue: page.body.metadata.continue, remainingItemCount: page.body.metadata.remainingItemCount }
  if (acc.format === 'table' && page.format === 'table') {
    return { ...acc, format: 'table', body: { ...acc.body, metadata, rows: [...acc.body.rows, ...page.body.rows.filter((r) => fresh(r.object))] } }
  }
  if (acc.format === 'list' && page.format === 'list') {
    return { ...acc, format: 'list', body: { ...acc.body, metadata, items: [...acc.body.items, ...page.body.items.filter(fresh)] } }
  }
  throw new Error(`a later page came as a ${page.format}, the first as a ${acc.format}`)
}

/** What the list page says while pages arrive, e.g. `1,500 of 50,000 loaded`. */
export function progressText(p: Paging): string {
  const n = new Intl.NumberFormat()
  return p.remaining === undefined ? `${n.format(p.loaded)} loaded, more coming` : `${n.format(p.loaded)} of ${n.format(p.loaded + p.remaining)} loaded`
}
