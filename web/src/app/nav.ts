import { LayoutGrid, Package, ScrollText, Server, type LucideIcon } from 'lucide-react'

export interface NavItem {
  label: string
  to: string
  icon: LucideIcon
  /** Match only the exact path (Fleet is `/`). */
  end?: boolean
}

/** Cross-cluster pages. Helm keeps the selected cluster as `?cluster=`. */
export function globalNav(cluster: string | null): NavItem[] {
  const q = cluster ? `?cluster=${encodeURIComponent(cluster)}` : ''
  return [
    { label: 'Fleet', to: '/', icon: LayoutGrid, end: true },
    { label: 'Helm', to: `/helm${q}`, icon: Package },
    { label: 'Audit', to: '/audit', icon: ScrollText },
  ]
}

export function clusterNav(cluster: string): NavItem[] {
  return [{ label: 'Overview', to: `/clusters/${encodeURIComponent(cluster)}`, icon: Server, end: true }]
}
