/**
 * `/clusters/:cluster/fix-first?signal=&ns=&sort=`: the cluster's workloads ranked by exposure ×
 * exploitability × IAM × pod spec (server `io.periscope.fixfirst`), each row saying why it ranks
 * there, with links to its Security tab, its AWS Access tab and the Services exposing it. The
 * table is keyboard navigable: arrows / Home / End move between rows, Enter opens the workload.
 */
import { useMemo, useRef, useState, type KeyboardEvent } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import {
  createColumnHelper,
  createSortedRowModel,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type SortingState,
} from '@tanstack/react-table'
import { ArrowDown, ArrowUp, Flame, RefreshCw } from 'lucide-react'
import { Badge, Button, EmptyState, ErrorState, PageHeader, Select, SkeletonRows, cx, focusRing, type Tone } from '../../ui'
import { param, useSearchState } from '../../lib/searchState'
import { useDocumentTitle } from '../../lib/useDocumentTitle'
import { SIGNALS, useFixFirst, type FixFirstAnswer, type FixFirstRow, type Signal } from './api'

const SIGNAL_ORDER: Signal[] = ['EXPOSURE', 'CVE', 'IAM', 'POD_SPEC']
const SORTS = ['score', 'workload', 'namespace'] as const
const spec = { signal: param.list(), ns: param.string(), sort: param.oneOf(SORTS, 'score'), asc: param.boolean() }
const link = cx('text-sky-700 hover:underline dark:text-sky-300', focusRing)

/** The API group / version a workload kind is listed under. */
const GROUP_VERSION: Record<string, string> = {
  deployments: 'apps/v1', statefulsets: 'apps/v1', daemonsets: 'apps/v1', cronjobs: 'batch/v1', jobs: 'batch/v1', pods: 'core/v1',
}
const AWS_TAB_KINDS = new Set(Object.keys(GROUP_VERSION))

/** The workload's detail pane, optionally on a tab. */
export function workloadHref(cluster: string, row: { kind: string; namespace: string; name: string }, tab?: 'aws' | 'security') {
  const q = new URLSearchParams({ ns: row.namespace, sel: `${row.namespace}/${row.name}`, ...(tab ? { tab } : {}) })
  return `/clusters/${encodeURIComponent(cluster)}/r/${GROUP_VERSION[row.kind] ?? 'core/v1'}/${row.kind}?${q}`
}

function serviceHref(cluster: string, namespace: string, name: string) {
  return `/clusters/${encodeURIComponent(cluster)}/r/core/v1/services?${new URLSearchParams({ ns: namespace, sel: `${namespace}/${name}` })}`
}

/** A row's factor for a signal (1 when absent). */
export function factorOf(row: FixFirstRow, signal: Signal) {
  return row.factors.find((f) => f.signal === signal)?.value ?? 1
}

const KIND_LABEL: Record<string, string> = {
  deployments: 'Deployment', statefulsets: 'StatefulSet', daemonsets: 'DaemonSet', cronjobs: 'CronJob', jobs: 'Job', pods: 'Pod',
}

export function FixFirstPage() {
  useDocumentTitle('Fix first')
  const cluster = useParams().cluster ?? ''
  const [s, set] = useSearchState(spec)
  const answer = useFixFirst(cluster)

  return (
    <>
      <PageHeader
        title="Fix first"
        description={`Cluster ${cluster} · workloads ranked by internet exposure × exploitable CVEs × sensitive IAM × privileged pod specs`}
        actions={
          <Button size="sm" onClick={() => void answer.refetch()} disabled={answer.isFetching} title="Read the list again (Kubernetes as you; AWS from the caches)">
            <RefreshCw size={14} aria-hidden="true" className={answer.isFetching ? 'animate-spin' : undefined} />
            {answer.isFetching ? 'Reading…' : 'Reload'}
          </Button>
        }
      />
      {answer.error ? (
        <ErrorState error={answer.error} title="Could not rank the cluster's workloads" onRetry={() => void answer.refetch()} />
      ) : answer.isPending ? (
        <SkeletonRows label="Ranking workloads" rows={6} rowHeight="h-12" />
      ) : (
        <Body cluster={cluster} data={answer.data} state={s} onChange={(next) => set(next)} />
      )}
    </>
  )
}

type State = { signal: string[]; ns: string; sort: (typeof SORTS)[number]; asc: boolean }

function Body({ cluster, data, state, onChange }: { cluster: string; data: FixFirstAnswer; state: State; onChange: (next: Partial<State>) => void }) {
  const namespaces = [...new Set(data.rows.map((r) => r.namespace))].sort()
  const wanted = state.signal.filter((x): x is Signal => x in SIGNALS)
  const rows = data.rows.filter((r) => (!state.ns || r.namespace === state.ns) && wanted.every((sig) => factorOf(r, sig) > 1))
  const toggle = (sig: Signal) => onChange({ signal: wanted.includes(sig) ? wanted.filter((x) => x !== sig) : [...wanted, sig] })
  return (
    <div className="space-y-4">
      <Signals data={data} />
      {data.partial && (
        <section aria-label="Partial list" data-testid="fix-first-partial"
          className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-200">
          <h2 className="font-medium">The list is partial: some kinds could not be listed as you</h2>
          <ul className="mt-1 list-disc space-y-0.5 pl-5 text-xs">{data.problems.map((p) => <li key={p}>{p}</li>)}</ul>
        </section>
      )}
      <div className="flex flex-wrap items-end gap-3" role="group" aria-label="Filters">
        <div className="flex flex-col gap-1 text-sm font-medium text-slate-700 dark:text-slate-300">
          <span id="fix-first-signal-label">Has signal</span>
          <div className="flex flex-wrap gap-1.5" role="group" aria-labelledby="fix-first-signal-label">
            {SIGNAL_ORDER.map((sig) => (
              <button key={sig} type="button" aria-pressed={wanted.includes(sig)} onClick={() => toggle(sig)}
                className={cx('h-9 rounded-md px-2.5 text-sm ring-1 ring-inset', focusRing, wanted.includes(sig)
                  ? 'bg-sky-600 text-white ring-sky-600 dark:bg-sky-500'
                  : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50 dark:bg-slate-800 dark:text-slate-200 dark:ring-slate-600')}>
                {SIGNALS[sig]}
              </button>
            ))}
          </div>
        </div>
        <label className="flex flex-col gap-1 text-sm font-medium text-slate-700 dark:text-slate-300">
          Namespace
          <Select value={state.ns} onChange={(e) => onChange({ ns: e.target.value })} aria-label="Namespace">
            <option value="">All namespaces</option>
            {namespaces.map((n) => <option key={n} value={n}>{n}</option>)}
          </Select>
        </label>
        <p role="status" className="pb-2 text-xs text-slate-500 dark:text-slate-400">
          {rows.length} of {data.rows.length} ranked · {data.workloads} workload{data.workloads === 1 ? '' : 's'} listed
        </p>
      </div>
      {rows.length === 0 ? (
        <EmptyState title={data.rows.length === 0 ? 'Nothing to fix first' : 'No workload matches the filters'} icon={<Flame size={28} />}>
          {data.rows.length === 0
            ? 'No workload you may list is exposed, runs an image with an exploitable CVE, reaches sensitive IAM or has a privileged pod spec.'
            : 'Clear a filter to see the others.'}
        </EmptyState>
      ) : (
        <RankedTable cluster={cluster} rows={rows} state={state} onChange={onChange} />
      )}
      <p className="text-xs text-slate-500 dark:text-slate-400" data-testid="fix-first-scoring">
        {data.scoring.charAt(0).toUpperCase() + data.scoring.slice(1)}.
      </p>
    </div>
  )
}

/** Which signals the list could use, and what is missing from each. */
function Signals({ data }: { data: FixFirstAnswer }) {
  const states = SIGNAL_ORDER.map((sig) => ({ sig, st: data.signals.find((x) => x.signal === sig) }))
  const notes = states.filter(({ st }) => st?.note)
  return (
    <div className="space-y-1" data-testid="fix-first-signals">
      <ul className="flex flex-wrap gap-2 text-xs" aria-label="Signals">
        {states.map(({ sig, st }) => {
          const ok = st?.available ?? false
          return (
            <li key={sig}>
              <Badge tone={!ok ? 'neutral' : st?.note ? 'warning' : 'success'}>
                {SIGNALS[sig]}: {st?.pending ? 'being read…' : !ok ? 'not available' : st?.note ? 'partly available' : 'available'}
              </Badge>
            </li>
          )
        })}
      </ul>
      {notes.length > 0 && (
        <ul className="space-y-0.5 text-xs text-slate-500 dark:text-slate-400" aria-label="What the signals miss">
          {notes.map(({ sig, st }) => <li key={sig} className="break-words"><span className="font-medium">{SIGNALS[sig]}:</span> {st?.note}</li>)}
        </ul>
      )}
    </div>
  )
}

const features = tableFeatures({ rowSortingFeature, sortedRowModel: createSortedRowModel() })
const helper = createColumnHelper<typeof features, FixFirstRow>()
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })
const columns = helper.columns([
  helper.accessor((r) => r.score, { id: 'score', header: 'Score', sortDescFirst: true, sortFn: (a, b) => a.original.score - b.original.score }),
  helper.accessor((r) => `${r.name} ${KIND_LABEL[r.kind] ?? r.kind}`, { id: 'workload', header: 'Workload',
    sortFn: (a, b) => collator.compare(a.original.name, b.original.name) }),
  helper.accessor((r) => r.namespace, { id: 'namespace', header: 'Namespace', sortFn: (a, b) => collator.compare(a.original.namespace, b.original.namespace) }),
])

const FACTOR_TONE: Record<Signal, Tone> = { EXPOSURE: 'danger', CVE: 'danger', IAM: 'accent', POD_SPEC: 'warning' }

function RankedTable({ cluster, rows, state, onChange }: { cluster: string; rows: FixFirstRow[]; state: State; onChange: (next: Partial<State>) => void }) {
  const sorting: SortingState = [{ id: state.sort, desc: !state.asc }]
  const table = useTable(
    {
      features,
      columns,
      data: rows,
      getRowId: (r) => `${r.kind}/${r.namespace}/${r.name}`,
      state: { sorting },
      onSortingChange: (updater) => {
        const next = typeof updater === 'function' ? updater(sorting) : updater
        const first = next[0]
        onChange(first ? { sort: first.id as State['sort'], asc: !first.desc } : { sort: 'score', asc: false })
      },
      enableMultiSort: false,
      enableSortingRemoval: false,
    },
    (s) => ({ sorting: s.sorting }),
  )
  const model = table.getRowModel().rows
  const navigate = useNavigate()
  const [cursor, setCursor] = useState(0)
  const rowRefs = useRef<(HTMLTableRowElement | null)[]>([])
  const rank = useMemo(() => new Map([...rows].sort((a, b) => b.score - a.score).map((r, i) => [r, i + 1])), [rows])
  const at = Math.min(cursor, model.length - 1)

  const onKeyDown = (e: KeyboardEvent<HTMLTableSectionElement>) => {
    if (e.target instanceof HTMLElement && e.target.tagName !== 'TR') return // links inside a row keep their keys
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, Home: -Infinity, End: Infinity }
    if (e.key in moves) {
      e.preventDefault()
      const next = Math.min(model.length - 1, Math.max(0, at + moves[e.key]))
      setCursor(next)
      rowRefs.current[next]?.focus()
    } else if (e.key === 'Enter') {
      e.preventDefault()
      void navigate(workloadHref(cluster, model[at].original))
    }
  }

  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-700">
      <table className="w-full text-left text-sm" data-testid="fix-first-table">
        <caption className="sr-only">Workloads to fix first, highest score first. Arrow keys move between rows, Enter opens one.</caption>
        <thead className="bg-slate-50 text-xs text-slate-600 uppercase dark:bg-slate-800/60 dark:text-slate-400">
          <tr>
            <th scope="col" className="w-10 px-3 py-2">#</th>
            {table.getHeaderGroups()[0].headers.map((h) => {
              const dir = h.column.getIsSorted()
              return (
                <th key={h.id} scope="col" aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'} className="px-1 py-1">
                  <button type="button" onClick={h.column.getToggleSortingHandler()} title="Sort"
                    className={cx('flex items-center gap-1 rounded px-2 py-1 font-semibold tracking-wide uppercase hover:text-slate-900 dark:hover:text-white', focusRing)}>
                    <table.FlexRender header={h} />
                    {dir === 'asc' && <ArrowUp size={12} aria-hidden="true" />}
                    {dir === 'desc' && <ArrowDown size={12} aria-hidden="true" />}
                  </button>
                </th>
              )
            })}
            <th scope="col" className="px-3 py-2">Why it ranks here</th>
            <th scope="col" className="px-3 py-2">Go to</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 dark:divide-slate-700" onKeyDown={onKeyDown}>
          {model.map((row, i) => {
            const r = row.original
            const exposedBy = [...new Set(r.exposure.filter((v) => v.level !== 'INTERNAL').map((v) => v.service))]
            return (
              <tr key={row.id} ref={(el) => { rowRefs.current[i] = el }} tabIndex={i === at ? 0 : -1} onFocus={() => setCursor(i)}
                aria-label={`${KIND_LABEL[r.kind] ?? r.kind} ${r.namespace}/${r.name}, score ${r.score}`}
                className={cx('align-top outline-none focus-visible:bg-sky-50 dark:focus-visible:bg-sky-950/60', focusRing)} data-testid="fix-first-row">
                <td className="px-3 py-2 text-slate-500 tabular-nums dark:text-slate-400">{rank.get(r)}</td>
                <td className="px-3 py-2 font-semibold text-slate-900 tabular-nums dark:text-slate-100" data-testid="fix-first-score">{r.score}</td>
                <td className="px-3 py-2">
                  <Link className={cx(link, 'font-medium')} to={workloadHref(cluster, r)}>{r.name}</Link>
                  <div className="text-xs text-slate-500 dark:text-slate-400">{KIND_LABEL[r.kind] ?? r.kind} · {r.pods} pod{r.pods === 1 ? '' : 's'} · SA {r.serviceAccount}</div>
                </td>
                <td className="px-3 py-2 text-slate-700 dark:text-slate-300">{r.namespace}</td>
                <td className="px-3 py-2">
                  <p className="text-slate-800 dark:text-slate-200" data-testid="fix-first-why">{r.why.join(' · ')}</p>
                  <div className="mt-1 flex flex-wrap gap-1">
                    {r.factors.filter((f) => f.value > 1).map((f) => (
                      <Badge key={f.signal} tone={FACTOR_TONE[f.signal]} title={f.reason}>{SIGNALS[f.signal]} ×{f.value}</Badge>
                    ))}
                  </div>
                </td>
                <td className="px-3 py-2 text-xs">
                  <ul className="space-y-0.5">
                    {r.securityTab && <li><Link className={link} to={workloadHref(cluster, r, 'security')}>Security</Link></li>}
                    {AWS_TAB_KINDS.has(r.kind) && <li><Link className={link} to={workloadHref(cluster, r, 'aws')}>AWS Access</Link></li>}
                    {exposedBy.map((svc) => (
                      <li key={svc}><Link className={link} to={serviceHref(cluster, r.namespace, svc)}>Service {svc}</Link></li>
                    ))}
                  </ul>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
