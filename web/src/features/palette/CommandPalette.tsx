import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { Command } from 'cmdk'
import { matchPath, useLocation, useNavigate } from 'react-router'
import { useQueryClient } from '@tanstack/react-query'
import { Box, Clock, Container, Contrast, Layers, LayoutGrid, Package, Plus, ScrollText, Server } from 'lucide-react'
import { useClusters, useCurrentCluster } from '../clusters/hooks'
import { useWhoAmI } from '../auth/hooks'
import { isAgentAdmin } from '../auth/session'
import { servesKarpenter } from '../karpenter/api'
import { clusterNav, eksNav, globalNav, type NavItem } from '../../app/nav'
import { useDiscovery } from '../resources/hooks'
import { LIST_FOCUS } from '../resources/listFocus'
import { kindTargets, objectTargets } from './targets'
import { LABEL_END, paletteScore } from './score'
import { useTheme } from '../theme/ThemeProvider'
import { loadRecent, pruneRecent, rememberRecent, type PaletteTarget } from './recent'
import type { Typeahead } from './typeahead'

/**
 * The sidebar's pages, so the keyboard reaches every one the mouse does: the fleet's, then the
 * current cluster's (Who can, Fix first, Karpenter where served, and the EKS pages of a cluster on AWS).
 */
export function pageTargets(cluster: string | null, { agentAdmin = false, karpenter = false, onAws = false } = {}): PaletteTarget[] {
  const page = (item: NavItem, detail?: string): PaletteTarget => ({
    // Helm's link carries the current cluster (?cluster=): one entry, whichever cluster it was chosen in.
    id: `page:${item.to.split('?')[0]}`,
    label: item.label === 'Helm' ? 'Helm releases' : item.label,
    to: item.to,
    kind: 'page',
    ...(detail ? { detail } : {}),
  })
  const fleet = globalNav(cluster, { agentAdmin }).map((item) => page(item))
  if (!cluster) return fleet
  const own = [...clusterNav(cluster, { karpenter }), ...(onAws ? eksNav(cluster) : [])]
  return [...fleet, ...own.map((item) => page(item, `page · ${cluster}`))]
}

const itemClass =
  'flex cursor-pointer items-center gap-2 rounded-md px-3 py-2 text-sm text-slate-800 data-[selected=true]:bg-sky-50 data-[selected=true]:text-sky-900 dark:text-slate-200 dark:data-[selected=true]:bg-sky-950 dark:data-[selected=true]:text-sky-100'
const groupClass =
  '[&_[cmdk-group-heading]]:px-3 [&_[cmdk-group-heading]]:pt-3 [&_[cmdk-group-heading]]:pb-1 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:font-medium [&_[cmdk-group-heading]]:text-slate-500 dark:[&_[cmdk-group-heading]]:text-slate-400'

function iconFor(t: PaletteTarget) {
  if (t.kind === 'cluster') return <Server size={15} aria-hidden="true" />
  if (t.kind === 'kind') return <Layers size={15} aria-hidden="true" />
  if (t.kind === 'object') return <Box size={15} aria-hidden="true" />
  if (t.to === '/audit') return <ScrollText size={15} aria-hidden="true" />
  if (t.to.startsWith('/helm')) return <Package size={15} aria-hidden="true" />
  if (t.to === '/images') return <Container size={15} aria-hidden="true" />
  return <LayoutGrid size={15} aria-hidden="true" />
}

/** Cmd/Ctrl+K: jump to the sidebar's pages, clusters, the current cluster's kinds and loaded objects by name; recent destinations first. Focus is trapped and restored by the dialog. */
export function CommandPalette({
  open,
  onOpenChange,
  typeahead,
}: {
  open: boolean
  onOpenChange: (o: boolean) => void
  /** Text typed while this component's code was loading: its first query. */
  typeahead?: Pick<Typeahead, 'typed' | 'stop'>
}) {
  const navigate = useNavigate()
  const { toggle, setPreference } = useTheme()
  const { data: clusters } = useClusters()
  const [recent, setRecent] = useState(loadRecent)
  // Read, not used up, by the first render: React may throw a render away before committing it (a
  // sibling suspending, an interrupted retry), and the render it keeps must see the text too.
  const [search, setSearch] = useState(() => typeahead?.typed() ?? '')
  // Keys are held until the palette is on screen, then they reach its input. React may commit well
  // after that render (it holds back a Suspense reveal for up to 300 ms): what was typed in between
  // exists only now, before the first paint.
  useLayoutEffect(() => {
    const typed = typeahead?.stop()
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the held keys are outside React and end here; once, before paint
    if (typed) setSearch(typed)
  }, [typeahead])
  const cluster = useCurrentCluster()
  const discovery = useDiscovery(open ? cluster : null)
  const qc = useQueryClient()
  const kinds = useMemo(() => (cluster && discovery.data ? kindTargets(cluster, discovery.data.kinds) : []), [cluster, discovery.data])
  const agentAdmin = isAgentAdmin(useWhoAmI().data)
  const onAws = !!clusters?.find((c) => c.name === cluster)?.region
  const karpenter = servesKarpenter(discovery.data?.kinds)
  const pages = useMemo(() => pageTargets(cluster, { agentAdmin, karpenter, onAws }), [cluster, agentAdmin, karpenter, onAws])
  // On a kind's list page whose kind can be created: "Create <Kind>…" opens its Create form (`create=1`).
  const location = useLocation()
  /** What had the focus when the palette opened, and whether the palette went somewhere since (see the effects below). */
  const opener = useRef<HTMLElement | null>(null)
  const went = useRef(false)
  const listRoute = matchPath('/clusters/:cluster/r/:group/:version/:plural', location.pathname)?.params
  const creatable = listRoute && listRoute.cluster === cluster
    ? discovery.data?.kinds.find((k) => (k.group || 'core') === listRoute.group && k.version === listRoute.version && k.plural === listRoute.plural && k.verbs.includes('create'))
    : undefined
  const openCreate = () => {
    went.current = true
    const q = new URLSearchParams(location.search)
    q.set('create', '1')
    navigate(`${location.pathname}?${q}`)
  }
  // Objects only while searching: the cached lists can hold thousands of names.
  const objects = useMemo(() => (open && cluster && search.trim() ? objectTargets(qc, cluster) : []), [open, cluster, search, qc])

  const clusterTargets = useMemo<PaletteTarget[]>(
    () =>
      (clusters ?? []).map((c) => ({
        id: `cluster:${c.name}`,
        label: c.name,
        to: `/clusters/${encodeURIComponent(c.name)}`,
        kind: 'cluster',
      })),
    [clusters],
  )
  const known = useMemo(() => (clusters ? new Set(clusters.map((c) => c.name)) : null), [clusters])
  const shownRecent = pruneRecent(recent, known)
  const searching = search.trim() !== ''
  // Without a query, recent items lead and are not repeated below; while searching, one flat list.
  const recentIds = new Set(searching ? [] : shownRecent.map((t) => t.id))

  const close = () => {
    onOpenChange(false)
    setSearch('')
  }
  // Dismissed (Escape, a click outside, Ctrl+K again), the palette gives the focus back to what had it: the
  // Radix dialog under cmdk returns it to its trigger, and this palette has none, so it fell to <body> and a keyboard
  // user in the list filter started again from the top. Not after going somewhere: the destination has the focus.
  useLayoutEffect(() => {
    // Before the dialog's own effects move the focus into it.
    if (open) opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null
  }, [open])
  useEffect(() => {
    if (open) return
    if (!went.current && opener.current?.isConnected) opener.current.focus()
    opener.current = null
    went.current = false
  }, [open])
  const go = (t: PaletteTarget) => {
    went.current = true
    setRecent(rememberRecent(t))
    close()
    // A kind's entry is a way to its list: the list page puts the focus in it (LIST_FOCUS), not on <main>.
    navigate(t.to, t.kind === 'kind' ? { state: LIST_FOCUS } : undefined)
  }
  const run = (action: () => void) => {
    action()
    close()
  }

  const item = (t: PaletteTarget, prefix: string) => (
    <Command.Item key={prefix + t.id} value={`${t.label}${LABEL_END}${prefix}${t.id}`} keywords={[t.kind, ...(t.detail ? [t.detail] : [])]} onSelect={() => go(t)} className={itemClass}>
      {prefix === 'recent:' ? <Clock size={15} aria-hidden="true" /> : iconFor(t)}
      <span className="flex-1 truncate">{t.label}</span>
      <span className="truncate text-xs text-slate-500 dark:text-slate-400">{t.detail ?? t.kind}</span>
    </Command.Item>
  )

  // The actions: their own group when browsing, ranked among the results when searching.
  const actions = (
    <>
      {creatable && (
        <Command.Item value={`action:create:${creatable.plural}`} keywords={['create', 'new', 'add', creatable.kind]} onSelect={() => run(openCreate)} className={itemClass}>
          <Plus size={15} aria-hidden="true" /> Create {creatable.kind}…
        </Command.Item>
      )}
      <Command.Item value="action:toggle-theme" keywords={['dark', 'light', 'theme']} onSelect={() => run(toggle)} className={itemClass}>
        <Contrast size={15} aria-hidden="true" /> Toggle light/dark theme
      </Command.Item>
      <Command.Item value="action:system-theme" keywords={['theme', 'system', 'auto']} onSelect={() => run(() => setPreference('system'))} className={itemClass}>
        <Contrast size={15} aria-hidden="true" /> Follow the system theme
      </Command.Item>
    </>
  )

  return (
    <Command.Dialog
      open={open}
      onOpenChange={(o) => (o ? onOpenChange(true) : close())}
      label="Command palette"
      filter={paletteScore}
      overlayClassName="fixed inset-0 z-40 bg-slate-900/40 dark:bg-black/60"
      contentClassName="fixed left-1/2 top-[15vh] z-50 w-[36rem] max-w-[calc(100vw-2rem)] -translate-x-1/2 overflow-hidden rounded-xl border border-slate-200 bg-white shadow-2xl dark:border-slate-700 dark:bg-slate-900"
    >
      <Command.Input
        value={search}
        onValueChange={setSearch}
        placeholder="Jump to a cluster, kind, object or page…"
        className="w-full border-b border-slate-200 bg-transparent px-4 py-3 text-sm text-slate-900 outline-none placeholder:text-slate-400 dark:border-slate-700 dark:text-slate-100"
      />
      <Command.List className="max-h-[50vh] overflow-y-auto p-2">
        {/* No "No matches": while searching, looking the text up as an image is always offered. */}
        {searching ? (
          // One group while searching: cmdk orders the items of a group by their score, but never its
          // groups (its group sort looks groups up by an id they do not carry), so "pods" put the
          // cluster prod-us-east-1 (a few letters in order) above the kind Pods (the whole word).
          <Command.Group heading="Results" className={groupClass}>
            {[...pages, ...clusterTargets, ...kinds, ...objects].map((t) => item(t, ''))}
            {actions}
          </Command.Group>
        ) : (
          <>
            {shownRecent.length > 0 && (
              <Command.Group heading="Recent" className={groupClass}>
                {shownRecent.map((t) => item(t, 'recent:'))}
              </Command.Group>
            )}
            <Command.Group heading="Pages" className={groupClass}>
              {pages.filter((t) => !recentIds.has(t.id)).map((t) => item(t, ''))}
            </Command.Group>
            {clusterTargets.length > 0 && (
              <Command.Group heading="Clusters" className={groupClass}>
                {clusterTargets.filter((t) => !recentIds.has(t.id)).map((t) => item(t, ''))}
              </Command.Group>
            )}
            {kinds.length > 0 && (
              <Command.Group heading={`Kinds in ${cluster}`} className={groupClass}>
                {kinds.filter((t) => !recentIds.has(t.id)).map((t) => item(t, ''))}
              </Command.Group>
            )}
            <Command.Group heading="Actions" className={groupClass}>
              {actions}
            </Command.Group>
          </>
        )}
        {searching && (
          <Command.Group heading="Across the fleet" className={groupClass} forceMount>
            <Command.Item forceMount value={`images:${search.trim()}`} onSelect={() => run(() => navigate(`/images?${new URLSearchParams({ q: search.trim() })}`))}
              className={itemClass}>
              <Container size={15} aria-hidden="true" /> Where does an image with “{search.trim()}” run?
            </Command.Item>
          </Command.Group>
        )}
      </Command.List>
    </Command.Dialog>
  )
}
