/**
 * Palette destinations beyond pages and clusters: the current cluster's kinds (from discovery)
 * and objects by name from the lists this tab already loaded (the query cache), so jumping to an
 * object costs no extra request.
 */
import type { QueryClient } from '@tanstack/react-query'
import type { DiscoveredKind, ListResponse } from '../resources/api'
import { kindLabel, kindRoute } from '../resources/groups'
import type { PaletteTarget } from './recent'

export function kindTargets(cluster: string, kinds: DiscoveredKind[]): PaletteTarget[] {
  const seen = new Set<string>()
  return kinds
    // One entry per kind: the preferred version, else the first listed.
    .filter((k) => k.preferred !== false && k.verbs.includes('list'))
    .filter((k) => !seen.has(`${k.group}/${k.plural}`) && seen.add(`${k.group}/${k.plural}`))
    .map((k) => ({
      id: `kind:${cluster}/${k.group || 'core'}/${k.plural}`,
      label: `${kindLabel(k.kind, k.plural)}${k.group ? ` (${k.group})` : ''}`,
      to: kindRoute(cluster, k),
      kind: 'kind' as const,
    }))
}

/** Objects of every cached list of `cluster` (query key `['resources', cluster, 'list', group, version, plural, ...]`). */
export function objectTargets(qc: QueryClient, cluster: string, max = 2000): PaletteTarget[] {
  const out = new Map<string, PaletteTarget>()
  for (const [key, data] of qc.getQueriesData<ListResponse>({ queryKey: ['resources', cluster, 'list'] })) {
    const [, , , group, version, plural] = key as [string, string, string, string, string, string]
    if (!data) continue
    const base = kindRoute(cluster, { group, version, plural })
    const names: { namespace?: string; name: string }[] =
      data.format === 'table'
        ? data.body.rows.map((r) => ({ namespace: r.object?.metadata?.namespace, name: r.object?.metadata?.name ?? String(r.cells[0]) }))
        : data.body.items.map((o) => ({ namespace: o.metadata.namespace, name: o.metadata.name }))
    for (const { namespace, name } of names) {
      const sel = namespace ? `${namespace}/${name}` : name
      const id = `object:${cluster}/${group}/${plural}/${sel}`
      if (!out.has(id)) out.set(id, { id, label: `${name}`, detail: `${plural}${namespace ? ` · ${namespace}` : ''}`, to: `${base}?sel=${encodeURIComponent(sel)}`, kind: 'object' })
      if (out.size >= max) return [...out.values()]
    }
  }
  return [...out.values()]
}
