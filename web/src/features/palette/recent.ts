/**
 * Recently used palette destinations, most recent first, remembered in localStorage.
 * Only navigations are remembered (not actions such as "toggle theme").
 */
import { readJson, writeJson } from '../../lib/storage'

export interface PaletteTarget {
  /** Stable identity, e.g. `page:/audit` or `cluster:prod-eu`. */
  id: string
  label: string
  /** Router path to navigate to. */
  to: string
  kind: 'page' | 'cluster' | 'kind' | 'object'
  /** A second, dimmer line (e.g. an object's kind and namespace). */
  detail?: string
}

export const RECENT_KEY = 'periscope.palette.recent'
export const RECENT_MAX = 8

/** Moves `item` to the front, dropping an older copy and anything beyond `max`. */
export function pushRecent(list: readonly PaletteTarget[], item: PaletteTarget, max = RECENT_MAX): PaletteTarget[] {
  return [item, ...list.filter((x) => x.id !== item.id)].slice(0, max)
}

function isTarget(x: unknown): x is PaletteTarget {
  if (!x || typeof x !== 'object') return false
  const o = x as Record<string, unknown>
  return (
    typeof o.id === 'string' &&
    typeof o.label === 'string' &&
    typeof o.to === 'string' &&
    o.to.startsWith('/') &&
    ['page', 'cluster', 'kind', 'object'].includes(o.kind as string)
  )
}

/** Reads the list, skipping anything malformed (older versions, hand edits). */
export function loadRecent(storage?: Storage): PaletteTarget[] {
  const raw = readJson<unknown>(RECENT_KEY, [], storage)
  return Array.isArray(raw) ? raw.filter(isTarget).slice(0, RECENT_MAX) : []
}

export function rememberRecent(item: PaletteTarget, storage?: Storage): PaletteTarget[] {
  const next = pushRecent(loadRecent(storage), item)
  writeJson(RECENT_KEY, next, storage)
  return next
}

/** Drops recent clusters that are no longer registered (only once the registry is known). */
export function pruneRecent(list: readonly PaletteTarget[], knownClusters: ReadonlySet<string> | null): PaletteTarget[] {
  if (!knownClusters) return [...list]
  return list.filter((t) => t.kind !== 'cluster' || knownClusters.has(t.id.slice('cluster:'.length)))
}
