import { KeyRound, LayoutGrid, Package, ScrollText, Server, ShieldQuestion, type LucideIcon } from 'lucide-react'

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

/** The cluster's own pages; `onAws`: its entry names an AWS region (EKS, or on EKS), so AWS Access applies. */
export function clusterNav(cluster: string, { onAws = false }: { onAws?: boolean } = {}): NavItem[] {
  const base = `/clusters/${encodeURIComponent(cluster)}`
  return [
    { label: 'Overview', to: base, icon: Server, end: true },
    ...(onAws ? [{ label: 'Reverse lookup', to: `${base}/reverse-lookup`, icon: KeyRound }] : []),
    { label: 'Who can', to: `${base}/who-can`, icon: ShieldQuestion },
  ]
}
