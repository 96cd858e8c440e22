import { NavLink, useLocation } from 'react-router'
import { Boxes, Cable, FileCog, HardDrive, KeyRound, Puzzle, Server, type LucideIcon } from 'lucide-react'
import { Skeleton, cx, focusRing } from '../../ui'
import type { KindEntry, SectionName } from './groups'
import { useSections } from './hooks'

const icons: Record<SectionName, LucideIcon> = {
  Workloads: Boxes,
  Networking: Cable,
  Config: FileCog,
  Storage: HardDrive,
  Access: KeyRound,
  Cluster: Server,
  'Custom resources': Puzzle,
}

/** The sidebar's resource kinds for the current cluster, from its discovery answer. */
export function ResourceNav({ cluster, collapsed }: { cluster: string; collapsed: boolean }) {
  const { sections, isPending, error } = useSections(cluster)
  const { pathname, search } = useLocation()
  // The namespace stays as the person moves between namespaced kinds (payments' Pods → payments'
  // Deployments), as in kubectl's context: a role bound in a few namespaces would otherwise land on a refusal.
  const ns = pathname.includes('/r/') ? new URLSearchParams(search).get('ns') : null
  const href = (e: KindEntry) => (ns && e.kind.namespaced ? `${e.to}?ns=${encodeURIComponent(ns)}` : e.to)
  if (error) {
    return collapsed ? null : <p className="px-4 text-xs text-red-700 dark:text-red-400">Discovery failed: {error.message}</p>
  }
  if (isPending) {
    return collapsed ? null : (
      <div className="space-y-2 px-4" role="status" aria-label="Loading resource kinds">
        <Skeleton className="h-4 w-32" />
        <Skeleton className="h-4 w-24" />
        <Skeleton className="h-4 w-28" />
      </div>
    )
  }
  if (collapsed) {
    return (
      <ul className="space-y-0.5 px-2">
        {sections.map((s) => {
          const Icon = icons[s.name]
          return (
            <li key={s.name}>
              <NavLink
                to={href(s.entries[0])}
                title={s.name}
                aria-label={s.name}
                className={() =>
                  cx(
                    'flex justify-center rounded-md py-1.5',
                    focusRing,
                    // A section is active when the page shows any of its kinds, not only its first.
                    s.entries.some((e) => e.to === pathname)
                      ? 'bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200'
                      : 'text-slate-600 hover:bg-slate-200/60 dark:text-slate-400 dark:hover:bg-slate-800',
                  )
                }
              >
                <Icon size={16} aria-hidden="true" />
              </NavLink>
            </li>
          )
        })}
      </ul>
    )
  }
  return (
    <div className="space-y-1">
      {sections.map((s) => {
        const Icon = icons[s.name]
        return (
          <details key={s.name} open={s.name !== 'Custom resources' || s.entries.length <= 8} className="group px-2">
            <summary className={cx('flex cursor-pointer list-none items-center gap-2 rounded-md px-2 py-1 text-xs font-semibold tracking-wide text-slate-500 uppercase hover:text-slate-800 dark:text-slate-400 dark:hover:text-slate-200', focusRing)}>
              <Icon size={14} aria-hidden="true" />
              {s.name}
              <span className="ml-auto font-normal normal-case">{s.entries.length}</span>
            </summary>
            <ul className="mt-0.5 mb-1 space-y-px">
              {s.entries.map((e) => (
                <li key={e.to}>
                  <NavLink
                    to={href(e)}
                    title={`${e.kind.kind} (${e.kind.group || 'core'}/${e.kind.version})`}
                    className={({ isActive }) =>
                      cx(
                        'block truncate rounded-md py-1 pr-2 pl-8 text-sm',
                        focusRing,
                        isActive
                          ? 'bg-sky-100 font-medium text-sky-900 dark:bg-sky-950 dark:text-sky-200'
                          : 'text-slate-700 hover:bg-slate-200/60 dark:text-slate-300 dark:hover:bg-slate-800',
                      )
                    }
                  >
                    {e.label}
                    {s.name === 'Custom resources' && <span className="ml-1 text-xs text-slate-500 dark:text-slate-400">{e.kind.group}</span>}
                  </NavLink>
                </li>
              ))}
            </ul>
          </details>
        )
      })}
    </div>
  )
}
