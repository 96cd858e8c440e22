import { NavLink } from 'react-router'
import { cx, focusRing } from '../ui'
import { useWhoAmI } from '../features/auth/hooks'
import { isAgentAdmin } from '../features/auth/session'
import { useClusters, useCurrentCluster } from '../features/clusters/hooks'
import { ResourceNav } from '../features/resources/ResourceNav'
import { useDiscovery } from '../features/resources/hooks'
import { servesKarpenter } from '../features/karpenter/api'
import { clusterNav, eksNav, globalNav, type NavItem } from './nav'

export const SIDEBAR_ID = 'app-sidebar'

export function Sidebar({ collapsed }: { collapsed: boolean }) {
  const current = useCurrentCluster()
  const clusters = useClusters()
  // A URL naming a cluster the registry does not list (a typo, a cluster since removed): the switcher says
  // "(not registered)"; pages of it here would only lead to the same refusal, and its discovery to a red error.
  const unregistered = !!current && !!clusters.data && !clusters.data.some((c) => c.name === current)
  const cluster = unregistered ? null : current
  const onAws = !!clusters.data?.find((c) => c.name === cluster)?.region
  const karpenter = servesKarpenter(useDiscovery(cluster).data?.kinds)
  const agentAdmin = isAgentAdmin(useWhoAmI().data)
  return (
    <nav
      id={SIDEBAR_ID}
      aria-label="Main"
      className={cx(
        'relative shrink-0 overflow-y-auto border-r border-slate-200 bg-slate-50 py-3 transition-[width] dark:border-slate-800 dark:bg-slate-950',
        collapsed ? 'w-14' : 'w-56',
      )}
    >
      <NavList items={globalNav(cluster, { agentAdmin })} collapsed={collapsed} />

      <Section title={current ?? 'Cluster'} collapsed={collapsed}>
        {cluster ? (
          <NavList items={clusterNav(cluster, { karpenter })} collapsed={collapsed} />
        ) : unregistered ? (
          !collapsed && <p className="px-4 text-xs text-slate-500 dark:text-slate-400">No cluster named {current} is registered. Pick one above.</p>
        ) : (
          !collapsed && <p className="px-4 text-xs text-slate-500 dark:text-slate-400">Pick a cluster to browse it.</p>
        )}
      </Section>

      {cluster && onAws && (
        <Section title="EKS" collapsed={collapsed}>
          <NavList items={eksNav(cluster)} collapsed={collapsed} />
        </Section>
      )}

      {cluster && (
        <Section title="Resources" collapsed={collapsed}>
          <ResourceNav cluster={cluster} collapsed={collapsed} />
        </Section>
      )}
    </nav>
  )
}

function Section({ title, collapsed, children }: { title: string; collapsed: boolean; children: React.ReactNode }) {
  return (
    <div role="group" aria-label={title} className="mt-4 border-t border-slate-200 pt-3 dark:border-slate-800">
      {!collapsed && (
        <h2 className="mb-1 truncate px-4 text-xs font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400" title={title}>
          {title}
        </h2>
      )}
      {children}
    </div>
  )
}

function NavList({ items, collapsed }: { items: NavItem[]; collapsed: boolean }) {
  return (
    <ul className="space-y-0.5 px-2">
      {items.map(({ label, to, icon: Icon, end }) => (
        <li key={label}>
          <NavLink
            to={to}
            end={end}
            aria-label={collapsed ? label : undefined}
            title={collapsed ? label : undefined}
            className={({ isActive }) =>
              cx(
                'flex items-center gap-2.5 rounded-md px-2.5 py-1.5 text-sm',
                focusRing,
                collapsed && 'justify-center',
                isActive
                  ? 'bg-sky-100 font-medium text-sky-900 dark:bg-sky-950 dark:text-sky-200'
                  : 'text-slate-700 hover:bg-slate-200/60 dark:text-slate-300 dark:hover:bg-slate-800',
              )
            }
          >
            <Icon size={16} aria-hidden="true" className="shrink-0" />
            {!collapsed && <span className="truncate">{label}</span>}
          </NavLink>
        </li>
      ))}
    </ul>
  )
}
