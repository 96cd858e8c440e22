import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import { defaultRangeExtractor, useVirtualizer } from '@tanstack/react-virtual'
import { ChevronDown, ChevronRight, Download, ScrollText, ShieldAlert, ShieldCheck } from 'lucide-react'
import { ApiError } from '../../api/client'
import { Badge, Breakable, Button, EmptyState, ErrorState, Input, PageHeader, Select, SkeletonRows, Spinner, cx, focusRing } from '../../ui'
import { param, useSearchState } from '../../lib/searchState'
import { useDocumentTitle } from '../../lib/useDocumentTitle'
import { useTextParam } from '../../lib/useTextParam'
import { useWhoAmI } from '../auth/hooks'
import { exportUrl, MAX_SEARCH, OUTCOMES, type AuditEvent, type AuditFilters } from './api'
import { EventDetail, EventLookup } from './EventDetail'
import { isEventId, useAuditEvent, useAuditEvents, useAuditVerify } from './hooks'
import { outcomeTone } from './outcome'
import { groupByRequest, groupOutcome, groupTarget, type AuditRow } from './requestGroups'
import { fromLocalInput, toLocalInput } from './time'
import { formatTime, zoneLabel } from '../../lib/time'
import { verbOf } from './verb'
import { VerbFilter } from './VerbFilter'

const spec = {
  actor: param.string(),
  verb: param.string(),
  changes: param.boolean(),
  cluster: param.string(),
  namespace: param.string(),
  resource: param.string(),
  outcome: param.string(),
  from: param.string(),
  to: param.string(),
  q: param.string(),
  sel: param.optional(),
}

/** Every filter cleared. */
const NO_FILTERS = { actor: '', verb: '', changes: false, cluster: '', namespace: '', resource: '', outcome: '', from: '', to: '', q: '' }

const ROW = 36
/**
 * The columns (Time, Actor, Verb, Target, Outcome), chosen by the table's own width (a container query), not
 * the window's: the detail pane and the sidebar take their share. From 56rem the verb column fits the longest
 * verb (agent_certificate_revoke) in text-xs mono and Actor and Target take one line each. From 42rem Actor
 * and Target would cut at ~14 and ~20 characters, too short to tell rows apart: the verb column narrows, and
 * Actor, Verb and Target take up to two lines of smaller text, which fit the same row height (the virtualised
 * list keeps fixed rows). Narrower still (1024 px with the pane open left ~22rem, and Target and Outcome were
 * cut off the right edge) each row is two lines in three columns: time over actor, verb over target, outcome.
 * The pane itself narrows to 20rem below 1280 px for the same reason (EventDetail).
 */
const grid = cx(
  'grid @max-2xl:grid-cols-[10rem_minmax(0,1fr)_5.5rem] @max-2xl:grid-rows-2',
  '@2xl:@max-4xl:grid-cols-[10.5rem_minmax(7rem,1fr)_9rem_minmax(8rem,1.6fr)_5.5rem]',
  '@4xl:grid-cols-[10.5rem_minmax(8rem,1.2fr)_13rem_minmax(8rem,2fr)_5.5rem]',
)
/** Where each column's cell sits in the narrow two-line row; elsewhere the cells follow one another. */
const place = {
  time: '@max-2xl:col-start-1 @max-2xl:row-start-1 @max-2xl:px-2',
  actor: '@max-2xl:col-start-1 @max-2xl:row-start-2 @max-2xl:px-2',
  verb: '@max-2xl:col-start-2 @max-2xl:row-start-1',
  target: '@max-2xl:col-start-2 @max-2xl:row-start-2',
  outcome: '@max-2xl:col-start-3 @max-2xl:row-span-2 @max-2xl:row-start-1 @max-2xl:px-2',
}
/** A cell that takes two lines in the middle layout (breaking anywhere in a long email or ARN) and one line, cut, otherwise. */
// Chromium still breaks at a <wbr> under nowrap (periscope-agent:|factory-edge took two lines of a one-line
// cell): where the cell is one line its break points are taken out.
const twoLines = cx(
  'px-3 @max-2xl:truncate @max-2xl:text-xs @max-2xl:leading-4 @max-2xl:[&_wbr]:hidden @4xl:[&_wbr]:hidden',
  '@2xl:@max-4xl:line-clamp-2 @2xl:@max-4xl:text-xs @2xl:@max-4xl:leading-4 @2xl:@max-4xl:[overflow-wrap:anywhere] @4xl:truncate',
)
const headers = [
  { key: 'time', label: `Time (${zoneLabel()})` },
  { key: 'actor', label: 'Actor' },
  { key: 'verb', label: 'Verb' },
  { key: 'target', label: 'Target' },
  { key: 'outcome', label: 'Outcome' },
] as const

export function AuditPage() {
  useDocumentTitle('Audit')
  const { data: me } = useWhoAmI()
  const [s, set] = useSearchState(spec)
  const filters: AuditFilters = useMemo(
    () => ({ actor: s.actor, verb: s.verb, changes: s.changes, cluster: s.cluster, namespace: s.namespace, resource: s.resource, outcome: s.outcome, from: s.from, to: s.to, q: s.q }),
    [s.actor, s.verb, s.changes, s.cluster, s.namespace, s.resource, s.outcome, s.from, s.to, s.q],
  )
  const filtered = Object.entries(NO_FILTERS).some(([k, none]) => filters[k as keyof AuditFilters] !== none)
  const events = useAuditEvents(filters)
  const items = useMemo(() => events.data?.pages.flatMap((p) => p.items) ?? [], [events.data])
  const listed = items.find((e) => String(e.id) === s.sel)
  // A link to an event beyond the pages read so far (`/audit?sel=ID`) reads that one event; it opened nothing before.
  const lookup = useAuditEvent(s.sel, !events.isPending && !events.error && !listed)
  const selected = listed ?? lookup.data
  const body = useRef<HTMLDivElement>(null)
  // Back to the row that was open: a narrow page's drawer covered it, and Escape otherwise leaves the focus nowhere.
  // The list keeps that row rendered (it is its Tab stop) even when scrolled far from it.
  const close = () => {
    const row = [...(body.current?.querySelectorAll<HTMLElement>('[data-event-id]') ?? [])].find((r) => r.dataset.eventId === s.sel)
    set({ sel: null })
    requestAnimationFrame(() => row?.focus())
  }
  const pane = selected ? (
    <EventDetail e={selected} onClose={close} />
  ) : s.sel !== null && !events.isPending && !events.error ? (
    <EventLookup id={s.sel} missing={!isEventId(s.sel) || (lookup.error instanceof ApiError && lookup.error.isNotFound)} error={lookup.error} onClose={close} />
  ) : null

  return (
    <div className="flex h-full min-h-0 flex-col">
      <PageHeader
        title="Audit"
        description={me?.auditAdmin ? 'Every privileged action by everyone, newest first.' : 'Your own privileged actions, newest first.'}
        actions={
          <>
            <Integrity enabled={!!me?.auditAdmin} />
            <a className={cx('inline-flex h-8 items-center gap-1.5 rounded-md border border-slate-300 bg-white px-2.5 text-sm font-medium dark:border-slate-600 dark:bg-slate-800', focusRing)} href={exportUrl(filters, 'csv')} download>
              <Download size={14} aria-hidden="true" /> CSV
            </a>
            <a className={cx('inline-flex h-8 items-center gap-1.5 rounded-md border border-slate-300 bg-white px-2.5 text-sm font-medium dark:border-slate-600 dark:bg-slate-800', focusRing)} href={exportUrl(filters, 'ndjson')} download>
              <Download size={14} aria-hidden="true" /> NDJSON
            </a>
          </>
        }
      />
      <Filters filters={filters} updating={events.isPlaceholderData} onChange={(patch) => set({ ...patch, sel: null })} />

      {events.error ? (
        <ErrorState error={events.error} title="Could not read the audit log" onRetry={() => void events.refetch()} />
      ) : events.isPending ? (
        <SkeletonRows label="Loading audit events" rows={8} rowHeight="h-7" />
      ) : (
        <div ref={body} className="flex min-h-0 flex-1 gap-4">
          {items.length === 0 ? (
            <div className="min-w-0 flex-1">{filtered ? <NoneMatch onClear={() => set({ ...NO_FILTERS, sel: null })} /> : <NoneYet />}</div>
          ) : (
            <EventList
              items={items}
              hasMore={!!events.hasNextPage}
              loadingMore={events.isFetchingNextPage}
              loadMore={() => void events.fetchNextPage()}
              selected={s.sel}
              onSelect={(id) => set({ sel: id }, { push: true })}
            />
          )}
          {pane}
        </div>
      )}
    </div>
  )
}

function NoneMatch({ onClear }: { onClear: () => void }) {
  return (
    <EmptyState title="No audit events match" icon={<ScrollText size={32} />}>
      {/* A link-styled button inside the sentence: a ghost Button's padding left "clear them all ." looking like plain text. */}
      Change the filters, or{' '}
      <button type="button" className={cx('text-sky-700 underline dark:text-sky-300', focusRing)} onClick={onClear}>
        clear them all
      </button>
      . Reading the log is not audited; exporting is.
    </EmptyState>
  )
}

function NoneYet() {
  return (
    <EmptyState title="No audit events yet" icon={<ScrollText size={32} />}>
      Privileged actions appear here as they are taken. Reading the log is not audited; exporting is.
    </EmptyState>
  )
}

/** Text filters reach the URL (and the query) as the person types, after a pause; the selects and times at once. */
function Filters({ filters, updating, onChange }: { filters: AuditFilters; updating: boolean; onChange: (p: Partial<AuditFilters>) => void }) {
  const text = (k: 'q' | 'actor' | 'cluster' | 'namespace' | 'resource', label: string, placeholder: string, width = 'w-36') => (
    <TextFilter key={k} label={label} placeholder={placeholder} width={width} value={filters[k]} onChange={(v) => onChange({ [k]: v })} />
  )
  return (
    <form role="search" aria-label="Audit filters" onSubmit={(e) => e.preventDefault()} className="mb-3 flex flex-wrap items-end gap-2">
      {text('q', 'Search', 'free text', 'w-48')}
      {text('actor', 'Actor', 'subject or email', 'w-48')}
      <VerbFilter verb={filters.verb} changes={filters.changes} onChange={onChange} />
      <label className="flex flex-col gap-0.5 text-xs text-slate-600 dark:text-slate-400">
        Outcome
        <Select value={filters.outcome} onChange={(e) => onChange({ outcome: e.target.value })}>
          <option value="">any</option>
          {OUTCOMES.map((v) => (
            <option key={v}>{v}</option>
          ))}
        </Select>
      </label>
      {text('cluster', 'Cluster', 'name', 'w-32')}
      {text('namespace', 'Namespace', 'name', 'w-32')}
      {text('resource', 'Resource', 'pods, deployments.apps', 'w-40')}
      {(['from', 'to'] as const).map((k) => (
        <label key={k} className="flex flex-col gap-0.5 text-xs text-slate-600 dark:text-slate-400">
          {k === 'from' ? 'From' : 'To (exclusive)'}
          <Input type="datetime-local" value={toLocalInput(filters[k])} onChange={(e) => onChange({ [k]: fromLocalInput(e.target.value) })} />
        </label>
      ))}
      {updating && <Spinner label="Updating" className="mb-1.5" />}
    </form>
  )
}

// Each query reads the database, so the pause is a little longer than a list filtering rows it holds.
const TYPING_PAUSE_MS = 300

function TextFilter({ label, placeholder, width, value, onChange }: {
  label: string
  placeholder: string
  width: string
  value: string
  onChange: (v: string) => void
}) {
  const [text, setText] = useTextParam(value, onChange, TYPING_PAUSE_MS)
  return (
    <label className="flex flex-col gap-0.5 text-xs text-slate-600 dark:text-slate-400">
      {label}
      <Input className={width} value={text} placeholder={placeholder} maxLength={MAX_SEARCH} onChange={(e) => setText(e.target.value)} />
    </label>
  )
}

function EventList({ items, hasMore, loadingMore, loadMore, selected, onSelect }: {
  items: AuditEvent[]
  hasMore: boolean
  loadingMore: boolean
  loadMore: () => void
  selected: string | null
  onSelect: (id: string) => void
}) {
  const scroll = useRef<HTMLDivElement>(null)
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set())
  const rows = useMemo(() => groupByRequest(items, open), [items, open])
  const toggle = (key: string) => setOpen((o) => {
    const next = new Set(o)
    if (!next.delete(key)) next.add(key)
    return next
  })
  // One Tab stop for the whole list (a roving tabindex): every row was one, and Tab walked through hundreds of them
  // to leave the table. The stop is the row last moved to, else the open one, else the first. Held by key, not
  // index: a page of older events or a request unfolded shifts the indexes.
  const [current, setCurrent] = useState<string | null>(null)
  const byKey = (key: string | null) => (key === null ? -1 : rows.findIndex((r) => rowKey(r) === key))
  const active = Math.max(0, [byKey(current), byKey(selected === null ? null : `e:${selected}`)].find((i) => i >= 0) ?? 0)
  // A link or Back opening another event moves the stop there too.
  useEffect(() => {
    if (selected !== null) setCurrent(`e:${selected}`)
  }, [selected])
  // eslint-disable-next-line react-hooks/incompatible-library -- only says React Compiler would skip this component; the SPA is not compiled by it
  const v = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroll.current,
    estimateSize: () => ROW,
    overscan: 15,
    // The Tab stop stays in the DOM when scrolled out of view: without it the list would have no Tab stop at all.
    rangeExtractor: (range) => {
      const shown = defaultRangeExtractor(range)
      return active < rows.length && !shown.includes(active) ? [...shown, active].sort((a, b) => a - b) : shown
    },
  })
  const last = v.getVirtualItems().at(-1)?.index ?? 0
  useEffect(() => {
    if (hasMore && !loadingMore && last >= rows.length - 30) loadMore()
  }, [last, rows.length, hasMore, loadingMore, loadMore])

  // A key moved the stop: once that row is rendered, it takes the focus.
  const [focusPending, setFocusPending] = useState(false)
  useLayoutEffect(() => {
    if (!focusPending) return
    setFocusPending(false)
    scroll.current?.querySelector<HTMLElement>(`[data-row-index="${active}"]`)?.focus({ preventScroll: true })
  }, [focusPending, active])
  const onKeyDown = (k: KeyboardEvent<HTMLDivElement>) => {
    if (!(k.target instanceof HTMLElement) || k.target.getAttribute('role') !== 'row') return
    const page = Math.max(1, Math.floor((scroll.current?.clientHeight ?? ROW) / ROW) - 1)
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -Infinity, End: Infinity }
    if (k.key in moves) {
      k.preventDefault()
      const to = Math.min(rows.length - 1, Math.max(0, active + moves[k.key]))
      setCurrent(rowKey(rows[to]))
      v.scrollToIndex(to, { align: 'auto' })
      setFocusPending(true)
    } else if (k.key === 'Enter' || k.key === ' ') {
      // As a click does: an event opens its detail, a request's run folds or unfolds.
      k.preventDefault()
      const row = rows[active]
      if (row.kind === 'group') toggle(row.key)
      else onSelect(String(row.event.id))
    }
  }

  return (
    <div ref={scroll} role="grid" aria-label="Audit events" aria-rowcount={rows.length + 1} onKeyDown={onKeyDown} className="@container min-h-0 flex-1 overflow-auto rounded-lg border border-slate-200 bg-white text-sm dark:border-slate-700 dark:bg-slate-900">
      <div role="row" className={cx(grid, 'sticky top-0 z-10 border-b border-slate-200 bg-slate-50 text-xs font-semibold tracking-wide text-slate-600 uppercase dark:border-slate-700 dark:bg-slate-800 dark:text-slate-300')}>
        {headers.map((h) => (
          <div role="columnheader" key={h.key} className={cx('truncate px-3 py-2 @max-2xl:py-0.5', place[h.key])}
            title={h.key === 'time' ? 'Your browser\'s time zone; the row\'s exact UTC instant on hover' : undefined}>
            {h.label}
          </div>
        ))}
      </div>
      <div style={{ height: v.getTotalSize() + (hasMore ? ROW : 0), position: 'relative' }}>
        {v.getVirtualItems().map((it) => {
          const row = rows[it.index]
          // A click (or the focus arriving any other way) makes the row the list's Tab stop.
          const roving = { 'data-row-index': it.index, tabIndex: it.index === active ? 0 : -1, onFocus: () => setCurrent(rowKey(row)) }
          if (row.kind === 'group') return <GroupRow key={row.key} row={row} start={it.start} onToggle={() => toggle(row.key)} roving={roving} />
          const e = row.event
          const t = e.target
          const target = [t.cluster, t.namespace, t.resource && `${t.resource}${t.name ? `/${t.name}` : ''}`].filter(Boolean).join(' · ')
          const shown = [t.cluster, t.namespace, t.resource && `${t.resource}${t.name ? `/${arnTail(t.name)}` : ''}`].filter(Boolean).join(' · ')
          return (
            <div
              role="row"
              key={e.id}
              data-event-id={e.id}
              aria-selected={String(e.id) === selected}
              {...roving}
              onClick={() => onSelect(String(e.id))}
              className={cx(
                grid,
                'absolute left-0 w-full cursor-pointer items-center border-b border-slate-100 dark:border-slate-800',
                focusRing,
                String(e.id) === selected ? 'bg-sky-100 dark:bg-sky-950' : 'hover:bg-slate-50 dark:hover:bg-slate-800/60',
              )}
              style={{ height: ROW, transform: `translateY(${it.start}px)` }}
            >
              <div role="gridcell" className={cx('truncate px-3 font-mono text-xs tabular-nums', place.time, row.inGroup && 'pl-8 text-slate-500 @max-2xl:pl-5')} title={e.time}>
                {formatTime(e.time)}
              </div>
              <div role="gridcell" className={cx(twoLines, place.actor)} title={`${e.actor.sub}\n${e.actor.groups.join(', ')}`}>
                <Breakable text={e.actor.email || e.actor.sub} />
              </div>
              <div role="gridcell" className={cx(twoLines, place.verb, 'font-mono text-xs')} title={verbOf(e)}>
                <Breakable text={verbOf(e)} />
              </div>
              <div role="gridcell" className={cx(twoLines, place.target, 'text-slate-700 dark:text-slate-300')} title={target}>
                {shown || '—'}
              </div>
              <div role="gridcell" className={cx('px-3', place.outcome)}>
                <Badge tone={outcomeTone[e.outcome] ?? 'neutral'}>{e.outcome}</Badge>
              </div>
            </div>
          )
        })}
        {hasMore && (
          // Older rows load on their own as the end scrolls near; the button is the keyboard's way there.
          <div className="absolute left-0 flex w-full items-center px-3" style={{ height: ROW, transform: `translateY(${v.getTotalSize()}px)` }}>
            {loadingMore ? (
              <Spinner label="Loading older events" />
            ) : (
              <Button size="sm" variant="ghost" onClick={loadMore}>
                Load older events
              </Button>
            )}
          </div>
        )}
      </div>
    </div>
  )
}

/** A row's part in the list's one Tab stop (EventList). */
type Roving = { 'data-row-index': number; tabIndex: number; onFocus: () => void }

const rowKey = (row: AuditRow) => (row.kind === 'group' ? `g:${row.key}` : `e:${row.event.id}`)

/** A run of one request's events, folded: the count, the targets in short, the worst outcome; Enter or a click opens it. */
function GroupRow({ row, start, onToggle, roving }: { row: Extract<AuditRow, { kind: 'group' }>; start: number; onToggle: () => void; roving: Roving }) {
  const first = row.events[0]
  const worst = groupOutcome(row.events)
  const Chevron = row.open ? ChevronDown : ChevronRight
  return (
    <div
      role="row"
      aria-expanded={row.open}
      {...roving}
      onClick={onToggle}
      title={`${row.events.length} events of request ${first.requestId}`}
      className={cx(grid, 'absolute left-0 w-full cursor-pointer items-center border-b border-slate-100 bg-slate-50/60 hover:bg-slate-100 dark:border-slate-800 dark:bg-slate-800/30 dark:hover:bg-slate-800/60', focusRing)}
      style={{ height: ROW, transform: `translateY(${start}px)` }}
    >
      <div role="gridcell" className={cx('flex items-center gap-1 truncate px-3 font-mono text-xs tabular-nums', place.time)} title={first.time}>
        <Chevron size={12} aria-hidden="true" className="shrink-0" /> {formatTime(first.time)}
      </div>
      <div role="gridcell" className={cx(twoLines, place.actor)}>
        <Breakable text={first.actor.email || first.actor.sub} />
      </div>
      <div role="gridcell" className={cx(twoLines, place.verb, 'font-mono text-xs')}>
        <Breakable text={first.verb} /> ×{row.events.length}
      </div>
      <div role="gridcell" className={cx(twoLines, place.target, 'text-slate-700 dark:text-slate-300')} title={groupTarget(row.events)}>
        {groupTarget(row.events) || '—'}
      </div>
      <div role="gridcell" className={cx('px-3', place.outcome)}>
        <Badge tone={outcomeTone[worst.outcome] ?? 'neutral'}>{worst.count === row.events.length ? worst.outcome : `${worst.count} ${worst.outcome}`}</Badge>
      </div>
    </div>
  )
}

/**
 * An ARN's resource part (`role/prod-deploy-bot`): the column cuts long text at its end, and an ARN's
 * end is what tells the rows apart. The whole ARN stays in the cell's title and the detail pane.
 */
function arnTail(name: string): string {
  const parts = name.split(':')
  return parts[0] === 'arn' && parts.length >= 6 ? parts.slice(5).join(':') : name
}


function Integrity({ enabled }: { enabled: boolean }) {
  const v = useAuditVerify(enabled)
  if (!enabled) return null
  if (v.isPending) return <Spinner label="Verifying chain" />
  if (v.error) {
    const forbidden = v.error instanceof ApiError && v.error.isForbidden
    return <Badge tone="neutral" title={v.error.message}>{forbidden ? 'Integrity: audit admins only' : 'Integrity: not checked'}</Badge>
  }
  if (v.data.ok) {
    return (
      <Badge tone="success" title={`Rows ${v.data.anchorId + 1}..${v.data.headId}; head hash ${v.data.headHash}`}>
        <ShieldCheck size={12} aria-hidden="true" /> Chain intact · {v.data.rowsChecked.toLocaleString()} rows
      </Badge>
    )
  }
  const b = v.data.brokenLink
  return (
    <Badge tone="danger" title={b ? `expected ${b.expectedHash}, found ${b.foundHash}` : undefined}>
      <ShieldAlert size={12} aria-hidden="true" /> Chain broken{b ? ` at row ${b.rowId}: ${b.problem}` : ''}
    </Badge>
  )
}

