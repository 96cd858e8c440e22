import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { Link, useParams } from 'react-router'
import { Columns3, Inbox, Lock, Search, SearchX, X } from 'lucide-react'
import type { SortingState } from '@tanstack/react-table'
import { ApiError } from '../../api/client'
import { Button, EmptyState, ErrorState, ForbiddenExplainer, Input, SkeletonRows, cx, focusRing } from '../../ui'
import { param, useSearchState } from '../../lib/searchState'
import { useDocumentTitle } from '../../lib/useDocumentTitle'
import { usePageKey } from '../../lib/usePageKey'
import { useTextParam } from '../../lib/useTextParam'
import { hasInspector } from '../inspector/api'
import { withCveColumn } from '../inspector/cveColumn'
import { useCveChips } from '../inspector/hooks'
import { LiveIndicator } from '../stream/LiveIndicator'
import type { KindRef } from './api'
import { CreateButton, CreateObjectDialog, useCreateAccess } from './CreateObject'
import { DetailPane } from './DetailPane'
import { buildSections, kindLabel, sameKind, type KindEntry } from './groups'
import { useDiscovery, useNamespaces, useNodeAllocatable, useResourceList, useUsage } from './hooks'
import { FAILING_PODS_TITLE, isFailingPod } from './failingPods'
import { buildListModel, filterRows } from './listModel'
import { useListFocusOnArrival } from './listFocus'
import { NamespacePicker, OpenNamespace } from './NamespacePicker'
import { progressText, type Paging } from './pagedList'
import { rememberNamespace } from './rememberedNamespaces'
import { ResourceTable } from './ResourceTable'
import { allocatableByNode, metricsKindFor, metricsList, usageByKey, withUsageColumns } from './usage'

export const listSpec = {
  q: param.string(),
  ns: param.optional(),
  labels: param.string(),
  /** A field selector set by a link (a node's pods: `spec.nodeName=…`), shown as a chip that clears it. */
  fields: param.string(),
  /** kubectl's `-o wide` columns too (a Pod's IP and Node, a Node's addresses and OS, …). */
  wide: param.boolean(),
  /** Pods only: the failing ones, by the rule behind the overviews' "· 6 failing" (failingPods.ts), which opens it. */
  failing: param.boolean(),
  /** `Name` ascending, `-Restarts` descending. */
  sort: param.optional(),
  sel: param.optional(),
  tab: param.string('summary'),
  /** The Create form open (a palette action or a link can open it). */
  create: param.boolean(),
}

/** `/clusters/:cluster/r/:group/:version/:plural`: any kind, built-in or CRD. */
export function ResourceListPage() {
  const { cluster = '', group = 'core', version = '', plural = '' } = useParams()
  const kind: KindRef = useMemo(() => ({ cluster, group, version, plural }), [cluster, group, version, plural])
  const [s, set] = useSearchState(listSpec)
  const discovery = useDiscovery(cluster)
  const sections = useMemo(() => (discovery.data ? buildSections(cluster, discovery.data.kinds) : []), [cluster, discovery.data])
  const meta = discovery.data?.kinds.find((k) => sameKind(k, kind))
  const title = meta ? kindLabel(meta.kind, meta.plural) : plural
  const namespaced = meta?.namespaced ?? true
  useDocumentTitle(`${title} · ${cluster}`)

  const namespace = namespaced ? (s.ns ?? undefined) : undefined
  const createAccess = useCreateAccess(kind, meta, namespace)
  const failingOnly = s.failing && group === 'core' && plural === 'pods'
  const list = useResourceList(kind, {
    namespace,
    labelSelector: s.labels || undefined,
    fieldSelector: s.fields || undefined,
    // The rule reads each pod's status, which a Table row's metadata lacks.
    wholeObjects: failingOnly || undefined,
  })
  const namespaces = useNamespaces(cluster)
  // A namespace whose list the person could read is one they work in: offered again where namespaces cannot be listed.
  const listed = list.data !== undefined
  useEffect(() => {
    if (listed && namespace) rememberNamespace(cluster, namespace)
  }, [listed, cluster, namespace])
  const [labelDraft, setLabelDraft] = useState(s.labels)
  const [cursor, setCursor] = useState<string | null>(null)
  const filterField = useRef<HTMLInputElement>(null)
  const grid = useRef<HTMLDivElement>(null)
  const [filterText, setFilterText] = useTextParam(s.q, (q) => set({ q }))
  usePageKey('/', () => {
    filterField.current?.focus()
    filterField.current?.select()
  })

  const chips = useCveChips(cluster, plural, namespace, hasInspector(group, plural))
  const metricsKind = metricsKindFor(group, plural, discovery.data?.kinds)
  const usage = useUsage(metricsKind, cluster, namespace)
  const usageByRow = useMemo(() => {
    const l = metricsList(usage.data)
    return l && usageByKey(l)
  }, [usage.data])
  const allocatable = useNodeAllocatable(cluster, metricsKind?.plural === 'nodes')
  const allocatableByRow = useMemo(() => allocatable.data && allocatableByNode(allocatable.data.nodes), [allocatable.data])
  const model = useMemo(
    () =>
      list.data
        ? withUsageColumns(withCveColumn(buildListModel(list.data, { showNamespace: namespaced && !s.ns, wide: s.wide, kind: { group, plural } }), chips.data), usageByRow, allocatableByRow)
        : null,
    [list.data, namespaced, s.ns, s.wide, group, plural, chips.data, usageByRow, allocatableByRow],
  )
  const failingRows = useMemo(() => (model && failingOnly ? model.rows.filter((r) => isFailingPod(r.object)) : model?.rows), [model, failingOnly])
  const rows = useMemo(() => (failingRows ? filterRows(failingRows, s.q) : []), [failingRows, s.q])
  useListFocusOnArrival(grid, rows)
  // Only where there is something to show or hide: on a kind without wide columns `w` does nothing.
  const canWiden = s.wide || (model?.wideHidden?.length ?? 0) > 0
  usePageKey('w', () => canWiden && set({ wide: !s.wide }))
  usePageKey('c', () => createAccess.offered && !createAccess.refused && !createAccess.checking && set({ create: true }))
  const sortParam = s.sort ?? defaultSort(plural)
  const sorting: SortingState = useMemo(() => {
    if (!sortParam || !model) return []
    const desc = sortParam.startsWith('-')
    const header = desc ? sortParam.slice(1) : sortParam
    const col = model.columns.find((c) => c.header === header)
    return col ? [{ id: col.id, desc }] : []
  }, [sortParam, model])
  const setSorting = (next: SortingState) => {
    const first = next[0]
    const col = first && model?.columns.find((c) => c.id === first.id)
    set({ sort: col ? `${first.desc ? '-' : ''}${col.header}` : null })
  }
  const commitLabels = () => labelDraft !== s.labels && set({ labels: labelDraft.trim() })

  const total = model?.rows.length ?? 0
  return (
    <div className="flex h-full min-h-0 gap-4">
      <div className="flex min-w-0 flex-1 flex-col">
        <div className="mb-3 flex flex-wrap items-center gap-x-3 gap-y-2">
          <h1 className="text-xl font-semibold text-slate-900 dark:text-slate-50">{title}</h1>
          <span className="font-mono text-xs text-slate-500 dark:text-slate-400">
            {group === 'core' ? '' : `${group}/`}
            {version}
          </span>
          {list.data && <LiveIndicator listError={list.liveError} />}
          {model && (
            <span className="text-sm text-slate-600 dark:text-slate-400" aria-live="polite">
              {rows.length === total ? `${total.toLocaleString()} ${total === 1 ? 'item' : 'items'}` : `${rows.length.toLocaleString()} of ${total.toLocaleString()}`}
            </span>
          )}
          {list.data?.source === 'cache' && (
            <span
              data-testid="list-source"
              title="Served by Periscope's list cache: the server's own watch of this kind, as current as that watch. Your list permission was checked by an access review as you; opened objects are read from the apiserver."
              className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300"
            >
              from the list cache
            </span>
          )}
          <span className="ml-auto">
            <CreateButton meta={meta} access={createAccess} onOpen={() => set({ create: true })} />
          </span>
        </div>
        <div className="mb-3 flex flex-wrap items-center gap-2" role="search">
          <label className="relative">
            <span className="sr-only">Filter rows</span>
            <Search size={14} aria-hidden="true" className="pointer-events-none absolute top-2 left-2 text-slate-400" />
            <Input
              ref={filterField}
              type="search"
              value={filterText}
              onChange={(e) => setFilterText(e.target.value)}
              placeholder="Filter by name, status…  ( / )"
              aria-keyshortcuts="/"
              className="w-64 pl-7"
            />
          </label>
          {namespaced && (
            <label className="flex items-center gap-1.5 text-sm text-slate-600 dark:text-slate-400">
              Namespace
              <NamespacePicker cluster={cluster} value={s.ns ?? null} onChange={(ns) => set({ ns, sel: null })} namespaces={namespaces} />
            </label>
          )}
          <label className="flex items-center gap-1.5 text-sm text-slate-600 dark:text-slate-400">
            Labels
            <Input
              value={labelDraft}
              onChange={(e) => setLabelDraft(e.target.value)}
              onBlur={commitLabels}
              onKeyDown={(e) => e.key === 'Enter' && commitLabels()}
              placeholder="app=web,tier!=cache"
              aria-describedby="labels-hint"
              className="max-w-[60ch] font-mono"
              // grows with the selector, so a long one (eks.amazonaws.com/nodegroup=general) is read whole
              style={{ width: `${Math.max(labelDraft.length + 3, 24)}ch` }}
            />
            <span id="labels-hint" className="sr-only">
              Label selector, applied on Enter
            </span>
          </label>
          {failingOnly && (
            <span className="flex items-center gap-1 rounded-full bg-amber-50 py-0.5 pr-1 pl-2 text-xs text-amber-900 ring-1 ring-amber-200 ring-inset dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-800" title={FAILING_PODS_TITLE}>
              Failing only
              <button
                type="button"
                onClick={() => set({ failing: false, sel: null })}
                aria-label="Show every pod, not only the failing ones"
                title="Show every pod"
                className={cx('rounded-full p-0.5 hover:bg-amber-100 dark:hover:bg-amber-900', focusRing)}
              >
                <X size={12} aria-hidden="true" />
              </button>
            </span>
          )}
          {s.fields && (
            <span className="flex items-center gap-1 rounded-full bg-sky-50 py-0.5 pr-1 pl-2 text-xs text-sky-900 ring-1 ring-sky-200 ring-inset dark:bg-sky-950 dark:text-sky-200 dark:ring-sky-800">
              Fields <span className="font-mono">{s.fields}</span>
              <button
                type="button"
                onClick={() => set({ fields: '', sel: null })}
                aria-label={`Clear the field selector ${s.fields}`}
                title="Clear the field selector"
                className={cx('rounded-full p-0.5 hover:bg-sky-100 dark:hover:bg-sky-900', focusRing)}
              >
                <X size={12} aria-hidden="true" />
              </button>
            </span>
          )}
          {model && canWiden && (
            <Button
              size="sm"
              variant={s.wide ? 'primary' : 'ghost'}
              aria-pressed={s.wide}
              aria-keyshortcuts="w"
              onClick={() => set({ wide: !s.wide })}
              title={s.wide ? 'Hide the wide columns  ( w )' : `Show kubectl's -o wide columns: ${model.wideHidden?.join(', ')}  ( w )`}
            >
              <Columns3 size={14} aria-hidden="true" />
              Wide
            </Button>
          )}
        </div>

        {list.data?.paging && !list.data.paging.complete && <PagingStatus paging={list.data.paging} onRetry={() => void list.refetch()} />}

        {list.error ? (
          <ListError
            error={list.error}
            plural={plural}
            onRetry={() => void list.refetch()}
            similar={similarKinds(plural, sections)}
            openNamespace={namespaced && !namespace ? <OpenNamespace cluster={cluster} onOpen={(ns) => set({ ns, sel: null })} /> : null}
          />
        ) : list.isPending ? (
          <SkeletonRows label={`Loading ${plural}`} rows={8} rowHeight="h-6" className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-700 dark:bg-slate-900" />
        ) : total === 0 && namespace && namespaces.data && !namespaces.data.includes(namespace) ? (
          // A typo in a shared link is not "everything is gone": the namespace itself is not there.
          <EmptyState title={`Namespace ${namespace} does not exist on ${cluster}`} icon={<SearchX size={32} />}>
            Check the name in the link, or pick one from the Namespace filter ({namespaces.data.length.toLocaleString()} on this cluster).
          </EmptyState>
        ) : total === 0 ? (
          <EmptyState title={`No ${title} ${s.ns ? `in ${s.ns}` : 'here'}`} icon={<Inbox size={32} />}>
            {s.labels || s.fields
              ? `Nothing matches ${[s.labels && `the label selector ${s.labels}`, s.fields && `the field selector ${s.fields}`].filter(Boolean).join(' and ')}.`
              : 'New ones appear here as they are created.'}
          </EmptyState>
        ) : failingOnly && failingRows?.length === 0 ? (
          <EmptyState title={list.data?.paging && !list.data.paging.complete ? 'No failing pod loaded yet' : 'No failing pods'} icon={<Inbox size={32} />}>
            {total.toLocaleString()} {title} {list.data?.paging && !list.data.paging.complete ? 'loaded so far' : s.ns ? `in ${s.ns}` : 'here'}, none failed,
            crash-looping, unable to pull or create, or unschedulable.
          </EmptyState>
        ) : rows.length === 0 ? (
          list.data?.paging && !list.data.paging.complete ? (
            <EmptyState title="No loaded row matches the filter yet" icon={<Search size={32} />}>
              {total.toLocaleString()} {title} loaded so far, none with “{s.q}”; the rest are still loading.
            </EmptyState>
          ) : (
            <EmptyState title="No rows match the filter" icon={<Search size={32} />}>
              {total.toLocaleString()} {title} hidden by “{s.q}”.
            </EmptyState>
          )
        ) : (
          <ResourceTable
            label={title}
            columns={model!.columns}
            rows={rows}
            allRows={model!.rows}
            sorting={sorting}
            onSortingChange={setSorting}
            cursor={cursor ?? s.sel}
            onCursor={setCursor}
            onOpen={(key) => set({ sel: key }, { push: true })}
            gridRef={grid}
          />
        )}
      </div>
      {s.create && meta && createAccess.offered && (
        <CreateObjectDialog
          kind={kind}
          meta={meta}
          namespace={namespace}
          starterNamespace={createAccess.starterNamespace}
          onClose={() => set({ create: false })}
          // Opens the new object; a namespace filter that would hide it follows it to its namespace.
          onCreated={(sel, ns) => set({ create: false, sel, tab: 'summary', ...(namespace && ns && ns !== namespace ? { ns } : {}) }, { push: true })}
        />
      )}
      {s.sel && (
        <DetailPane
          key={s.sel}
          kind={kind}
          kindName={meta?.kind ?? title}
          namespaced={namespaced}
          selection={s.sel}
          tab={s.tab}
          onTab={(tab) => set({ tab })}
          onClose={() => {
            set({ sel: null, tab: 'summary' }, { push: true })
            // Back to the list, its cursor on the row that was open (Escape otherwise leaves the focus nowhere).
            requestAnimationFrame(() => grid.current?.focus())
          }}
          object={model?.rows.find((r) => r.key === s.sel)?.object}
        />
      )}
    </div>
  )
}

/** Up to three served kinds named like `plural` (a typo, a singular, a prefix): `podz` → Pods. */
export function similarKinds(plural: string, sections: { entries: KindEntry[] }[]): { label: string; to: string }[] {
  const p = plural.toLowerCase()
  const scored = sections.flatMap((s) => s.entries).map((e) => {
    const names = [e.kind.plural, e.kind.kind.toLowerCase(), ...e.kind.shortNames]
    const d = Math.min(...names.map((n) => (n.startsWith(p) || p.startsWith(n) ? 1 : editDistance(p, n))))
    return { e, d }
  })
  return scored.filter((x) => x.d <= 2).sort((a, b) => a.d - b.d || a.e.label.localeCompare(b.e.label)).slice(0, 3).map((x) => ({ label: x.e.label, to: x.e.to }))
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    prev = cur
  }
  return prev[b.length]
}

/** The order a kind opens in without a `sort` parameter: events newest first, as an SRE reads them. */
function defaultSort(plural: string): string | undefined {
  return plural === 'events' ? 'Last Seen' : undefined
}

/** While pages arrive: how far, and that sorting and the filter see only the loaded rows so far. */
function PagingStatus({ paging, onRetry }: { paging: Paging; onRetry: () => void }) {
  if (paging.failed) {
    return (
      <div role="alert" className="mb-2 flex flex-wrap items-center gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-1.5 text-xs text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200">
        Only {paging.loaded.toLocaleString()} rows loaded; the next page failed: {paging.failed}. Sorting and the filter cover those rows only.
        <Button size="sm" variant="ghost" onClick={onRetry}>
          Load again
        </Button>
      </div>
    )
  }
  return (
    <div role="status" aria-label="Loading more rows" className="mb-2 flex flex-wrap items-center gap-2 text-xs text-slate-600 dark:text-slate-400">
      <progress
        className="h-1.5 w-32 accent-sky-600"
        value={paging.loaded}
        max={paging.remaining === undefined ? undefined : paging.loaded + paging.remaining}
        aria-label="Rows loaded"
      />
      <span data-testid="paging-progress">{progressText(paging)}</span>
      <span>· sorting and the filter cover the loaded rows until the rest arrive</span>
      {paging.restarts > 0 && <span>· started over: the list changed too much while loading (continue token expired)</span>}
    </div>
  )
}

function ListError({ error, plural, onRetry, openNamespace, similar }: {
  error: Error
  plural: string
  onRetry: () => void
  openNamespace: ReactNode
  /** Kinds the cluster serves whose names are close to an unknown one. */
  similar: { label: string; to: string }[]
}) {
  if (error instanceof ApiError && error.isForbidden) {
    return (
      <>
        <EmptyState title={error.code === 'no_identity' ? 'You have no access to this cluster' : `Your role doesn't allow listing ${plural} here`} icon={<Lock size={32} />}>
          <p className="font-mono text-xs break-words">{error.message}</p>
          {error.requestId && <p className="mt-1 text-xs">requestId {error.requestId}</p>}
        </EmptyState>
        {error.code !== 'no_identity' && openNamespace}
        <ForbiddenExplainer error={error} className="mx-auto max-w-3xl text-sm" />
      </>
    )
  }
  if (error instanceof ApiError && error.code === 'unknown_kind') {
    return (
      <EmptyState title={`No kind “${plural}” here`} icon={<SearchX size={32} />}>
        {error.message}.{' '}
        {similar.length > 0 && (
          <>
            Did you mean{' '}
            {similar.map((k, i) => (
              <span key={k.to}>
                {i > 0 && ', '}
                <Link className="text-sky-700 underline dark:text-sky-400" to={k.to}>{k.label}</Link>
              </span>
            ))}
            ?
          </>
        )}
      </EmptyState>
    )
  }
  return <ErrorState error={error} title={`Could not list ${plural}`} onRetry={onRetry} />
}
