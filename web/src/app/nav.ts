import { ArrowUpCircle, Container, Cpu, Flame, KeyRound, LayoutGrid, Network, Package, Puzzle, Route, ScrollText, Server, ShieldCheck, ShieldQuestion, type LucideIcon } from 'lucide-react'

export interface NavItem {
  label: string
  to: string
  icon: LucideIcon
  /** Match only the exact path (Fleet is `/`). */
  end?: boolean
}

/** Cross-cluster pages. Helm keeps the selected cluster as `?cluster=`; Agents only for agent admins. */
export function globalNav(cluster: string | null, { agentAdmin = false }: { agentAdmin?: boolean } = {}): NavItem[] {
  const q = cluster ? `?cluster=${encodeURIComponent(cluster)}` : ''
  return [
    { label: 'Fleet', to: '/', icon: LayoutGrid, end: true },
    { label: 'Helm', to: `/helm${q}`, icon: Package },
    { label: 'Images', to: '/images', icon: Container },
    { label: 'Fleet reverse lookup', to: '/reverse-lookup', icon: KeyRound },
    { label: 'Audit', to: '/audit', icon: ScrollText },
    ...(agentAdmin ? [{ label: 'Agents', to: '/agents', icon: Network }] : []),
  ]
}

/** The cluster's own pages; `karpenter`: it serves `karpenter.sh/v1`. */
export function clusterNav(cluster: string, { karpenter = false }: { karpenter?: boolean } = {}): NavItem[] {
  const base = `/clusters/${encodeURIComponent(cluster)}`
  return [
    { label: 'Overview', to: base, icon: Server, end: true },
    { label: 'Who can', to: `${base}/who-can`, icon: ShieldQuestion },
    { label: 'Fix first', to: `${base}/fix-first`, icon: Flame },
    ...(karpenter ? [{ label: 'Karpenter', to: `${base}/karpenter`, icon: Cpu }] : []),
  ]
}

/**
 * The cluster's EKS section, for a cluster whose entry names an AWS region (EKS, or on EKS): its
 * AWS pages. A cluster on AWS that names no EKS cluster says so on the EKS-only pages.
 */
export function eksNav(cluster: string): NavItem[] {
  const base = `/clusters/${encodeURIComponent(cluster)}`
  return [
    { label: 'Cluster access', to: `${base}/access`, icon: ShieldCheck },
    { label: 'Reverse lookup', to: `${base}/reverse-lookup`, icon: KeyRound },
    { label: 'Attack paths', to: `${base}/attack-paths`, icon: Route },
    { label: 'Upgrade readiness', to: `${base}/upgrade-readiness`, icon: ArrowUpCircle },
    { label: 'Add-ons', to: `${base}/addons`, icon: Puzzle },
  ]
}
