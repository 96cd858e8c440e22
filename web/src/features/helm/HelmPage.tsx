/**
 * `/helm`: every cluster's releases (FleetReleases). `/helm?cluster=`: the cluster's Helm releases (latest revision each), and for `?sel=ns/name` the
 * release's history, values, manifest, notes, a revision diff and its drift from the cluster. Everything is in the URL.
 */
import { useMemo, type ReactNode } from 'react'
import { Package } from 'lucide-react'
import { EmptyState, ErrorState, Input, PageHeader, Select, Skeleton, SkeletonRows, Tabs, cx, focusRing } from '../../ui'
import { param, useSearchState } from '../../lib/searchState'
import { useDocumentTitle } from '../../lib/useDocumentTitle'
import { useTextParam } from '../../lib/useTextParam'
import { AGE_REFRESH_MS, useNow } from '../../lib/useNow'
import { useCurrentCluster } from '../clusters/hooks'
import { KnownCluster } from '../clusters/KnownCluster'
import { formatAge } from '../resources/listModel'
import type { ReleaseRow } from './api'
import { DriftView } from './DriftView'
import { FleetReleases } from './FleetReleases'
import { useHistory, useManifest, useNotes, useReleaseDiff, useReleases, useValues } from './hooks'
import { StatusBadge, StatusCell, UpdatedCell } from './cells'
import { UnifiedDiff } from './UnifiedDiff'

const TABS = ['history', 'values', 'manifest', 'notes', 'diff', 'drift'] as const
type Tab = (typeof TABS)[number]

const spec = {
  /** The fleet table's filter (no cluster chosen). */
  q: param.string(),
  namespace: param.string(),
  sel: param.optional(),
  tab: param.oneOf(TABS, 'history'),
  rev: param.optional(),
  from: param.optional(),
  to: param.optional(),
}

const TYPING_PAUSE_MS = 300

export function HelmPage() {
  const cluster = useCurrentCluster()
  // `?cluster=` a name the registry does not hold says so, as every `/clusters/:cluster/…` page does.
  return cluster ? <KnownCluster cluster={cluster}><HelmReleases /></KnownCluster> : <HelmReleases />
}

function HelmReleases() {
  useDocumentTitle('Helm releases')
  const cluster = useCurrentCluster()
  const [s, set] = useSearchState(spec)
  // Each list is a read of the cluster's Helm storage and an audit row: ask when the typing pauses, not per key.
  const [namespaceText, setNamespaceText] = useTextParam(s.namespace, (v) => set({ namespace: v.trim(), sel: null }), TYPING_PAUSE_MS)
  const releases = useReleases(cluster, s.namespace)
  const selected = s.sel ? releases.data?.releases.find((r) => `${r.namespace}/${r.name}` === s.sel) : undefined

  if (!cluster) return <FleetReleases q={s.q} onQuery={(q) => set({ q })} />
  return (
    <>
      <PageHeader
        title="Helm releases"
        description={`Cluster ${cluster} · decoded from Helm's own storage, read as you (every read is audited)`}
        actions={
          <label className="flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
            Namespace
            <Input className="w-44" placeholder="all namespaces" value={namespaceText} onChange={(e) => setNamespaceText(e.target.value)} />
          </label>
        }
      />
      {releases.data?.warnings.map((w) => (
        <p key={w} role="status" className="mb-3 rounded-md border border-amber-200 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-200">
          {w}
        </p>
      ))}
      {releases.error ? (
        <ErrorState error={releases.error} title="Could not list Helm releases" onRetry={() => void releases.refetch()} />
      ) : releases.isPending ? (
        <SkeletonRows label="Loading releases" rows={4} rowHeight="h-8" />
      ) : releases.data.releases.length === 0 ? (
        <EmptyState title="No Helm releases here" icon={<Package size={32} />}>
          {s.namespace ? `Nothing in namespace ${s.namespace}. Clear the namespace to look everywhere.` : 'No release storage (Secrets or ConfigMaps labelled owner=helm) that you may read on this cluster.'}
        </EmptyState>
      ) : (
        <>
          <ReleaseTable rows={releases.data.releases} selected={s.sel} onSelect={(sel) => set({ sel, tab: 'history', rev: null, from: null, to: null }, { push: true })} />
          {s.sel && (
            <ReleaseDetail
              key={s.sel}
              cluster={cluster}
              sel={s.sel}
              row={selected}
              tab={s.tab}
              rev={s.rev}
              from={s.from}
              to={s.to}
              onChange={(patch) => set(patch)}
            />
          )}
        </>
      )}
    </>
  )
}

function ReleaseTable({ rows, selected, onSelect }: { rows: ReleaseRow[]; selected: string | null; onSelect: (sel: string) => void }) {
  const now = useNow(AGE_REFRESH_MS)
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-700">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Helm releases</caption>
        <thead className="bg-slate-50 text-xs text-slate-600 uppercase dark:bg-slate-800/60 dark:text-slate-400">
          <tr>
            {['Name', 'Namespace', 'Chart', 'App version', 'Revision', 'Status', 'Updated'].map((h) => (
              <th key={h} scope="col" className="px-3 py-2 font-medium">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 dark:divide-slate-700">
          {rows.map((r) => {
            const id = `${r.namespace}/${r.name}`
            const isSel = id === selected
            return (
              <tr key={id} aria-selected={isSel} className={cx('text-slate-800 dark:text-slate-200', isSel ? 'bg-sky-50 dark:bg-sky-950/40' : 'hover:bg-slate-50 dark:hover:bg-slate-800/50')}>
                <td className="px-3 py-2">
                  <button type="button" className={cx('font-medium text-sky-700 hover:underline dark:text-sky-300', focusRing)} onClick={() => onSelect(id)}>
                    {r.name}
                  </button>
                </td>
                <td className="px-3 py-2">{r.namespace}</td>
                <td className="px-3 py-2">
                  {r.error ? <span className="text-red-700 dark:text-red-300" title={r.error}>cannot decode</span> : `${r.chart}-${r.chartVersion}`}
                </td>
                <td className="px-3 py-2">{r.appVersion ?? '—'}</td>
                <td className="px-3 py-2 tabular-nums">{r.revision}</td>
                <StatusCell status={r.status} />
                <UpdatedCell updated={r.updated} now={now} />
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

function ReleaseDetail({ cluster, sel, row, tab, rev, from, to, onChange }: {
  cluster: string
  sel: string
  row: ReleaseRow | undefined
  tab: Tab
  rev: string | null
  from: string | null
  to: string | null
  onChange: (patch: Partial<{ tab: Tab; rev: string | null; from: string | null; to: string | null }>) => void
}) {
  const [ns, name] = [sel.slice(0, sel.indexOf('/')), sel.slice(sel.indexOf('/') + 1)]
  const history = useHistory(cluster, ns, name)
  const revisions = useMemo(() => history.data?.revisions.map((r) => r.revision) ?? [], [history.data])
  const latest = row?.revision ?? revisions[0] ?? null
  const revision = revisionParam(rev) ?? latest
  const toRev = revisionParam(to) ?? latest
  const fromRev = revisionParam(from) ?? revisions.find((r) => toRev !== null && r < toRev) ?? null
  const revSelect = (value: number | null, onPick: (v: string) => void, labelText: string) => (
    <label className="flex items-center gap-1.5 text-sm text-slate-700 dark:text-slate-300">
      {labelText}
      <Select value={value ?? ''} onChange={(e) => onPick(e.target.value)}>
        {revisions.map((r) => <option key={r} value={r}>{r}</option>)}
        {/* A revision from the URL (a link, an old bookmark) that Helm no longer keeps: without its own option the
            browser showed the first revision beside the error about this one, and picking that revision did nothing. */}
        {value !== null && !revisions.includes(value) && <option value={value} disabled>{value} (not stored)</option>}
      </Select>
    </label>
  )

  return (
    <section aria-label={`Release ${name}`} className="mt-6 rounded-lg border border-slate-200 p-4 dark:border-slate-700">
      <div className="mb-3 flex flex-wrap items-center gap-3">
        <h2 className="text-lg font-semibold text-slate-900 dark:text-slate-50">{name}</h2>
        <span className="text-sm text-slate-600 dark:text-slate-400">{ns}</span>
        {row && <StatusBadge status={row.status} />}
        {row?.description && <span className="text-sm text-slate-600 dark:text-slate-400">{row.description}</span>}
      </div>
      <Tabs label="Release views" tabs={TABS} current={tab} onSelect={(t) => onChange({ tab: t })} panelClassName="mt-4">
        {history.error ? (
          <ErrorState error={history.error} title="Could not read the release history" />
        ) : history.isPending ? (
          <Skeleton className="h-24 w-full" />
        ) : tab === 'history' ? (
          <History rows={history.data.revisions} />
        ) : tab === 'values' ? (
          <>
            {revSelect(revision, (v) => onChange({ rev: v }), 'Revision')}
            <ValuesView cluster={cluster} ns={ns} name={name} rev={revision} />
          </>
        ) : tab === 'manifest' ? (
          <>
            {revSelect(revision, (v) => onChange({ rev: v }), 'Revision')}
            <ManifestView cluster={cluster} ns={ns} name={name} rev={revision} />
          </>
        ) : tab === 'notes' ? (
          <>
            {revSelect(revision, (v) => onChange({ rev: v }), 'Revision')}
            <NotesView cluster={cluster} ns={ns} name={name} rev={revision} />
          </>
        ) : tab === 'drift' ? (
          <DriftView cluster={cluster} ns={ns} name={name} />
        ) : revisions.length < 2 ? (
          <p className="text-sm text-slate-600 dark:text-slate-300">This release has one revision: nothing to compare.</p>
        ) : (
          <>
            <div className="flex flex-wrap gap-3">
              {revSelect(fromRev, (v) => onChange({ from: v }), 'From')}
              {revSelect(toRev, (v) => onChange({ to: v }), 'To')}
            </div>
            <DiffView cluster={cluster} ns={ns} name={name} from={fromRev} to={toRev} />
          </>
        )}
      </Tabs>
    </section>
  )
}

/** A revision number from the URL; anything else (`rev=abc`, hand-edited) means the default rather than NaN in the picker and the request. */
function revisionParam(value: string | null): number | null {
  return value && /^[1-9]\d*$/.test(value) ? Number(value) : null
}

function History({ rows }: { rows: ReleaseRow[] }) {
  const now = useNow(AGE_REFRESH_MS)
  const oldest = rows.length ? Math.min(...rows.map((r) => r.revision)) : 1
  return (
    <>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Revisions, newest first</caption>
        <thead className="text-xs text-slate-600 uppercase dark:text-slate-400">
          <tr>
            {['Revision', 'Updated', 'Status', 'Chart', 'App version', 'Description'].map((h) => <th key={h} scope="col" className="py-1 pr-3 font-medium">{h}</th>)}
          </tr>
        </thead>
        <tbody className="text-slate-800 dark:text-slate-200">
          {rows.map((r) => (
            <tr key={r.revision} className="border-t border-slate-100 dark:border-slate-800">
              <td className="py-1.5 pr-3 tabular-nums">{r.revision}</td>
              <td className="py-1.5 pr-3" title={r.updated ?? undefined}>{r.updated ? `${formatAge(r.updated, now)} ago` : '—'}</td>
              <td className="py-1.5 pr-3"><StatusBadge status={r.status} /></td>
              <td className="py-1.5 pr-3">{r.error ? 'cannot decode' : `${r.chart}-${r.chartVersion}`}</td>
              <td className="py-1.5 pr-3">{r.appVersion ?? '—'}</td>
              <td className="py-1.5 pr-3 text-slate-600 dark:text-slate-400">{r.error ?? r.description ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {oldest > 1 && (
        <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
          Revisions before {oldest} are no longer stored (Helm keeps the last <code>--history-max</code>, 10 by default, and deletes older ones).
        </p>
      )}
    </>
  )
}

/**
 * A scrolling box of YAML or text under its heading. The box itself is the named region (as a diff box is): a Tab
 * stop with no name was announced as bare text. The section around it is not named too, so it is one region, not two.
 */
function Code({ label, children }: { label: string; children: ReactNode }) {
  return (
    <section className="mt-3 min-w-0 flex-1">
      <h3 className="mb-1 text-sm font-semibold text-slate-800 dark:text-slate-100">{label}</h3>
      <pre tabIndex={0} role="region" aria-label={label} className={cx('max-h-[28rem] overflow-auto rounded-md bg-slate-50 p-3 font-mono text-xs leading-5 text-slate-800 dark:bg-slate-900 dark:text-slate-200', focusRing)}>{children}</pre>
    </section>
  )
}

function ValuesView({ cluster, ns, name, rev }: { cluster: string; ns: string; name: string; rev: number | null }) {
  const q = useValues(cluster, ns, name, rev)
  if (q.error) return <ErrorState error={q.error} title="Could not read the values" />
  if (!q.data) return <Skeleton className="mt-3 h-24 w-full" />
  return (
    <div className="flex flex-col gap-4 lg:flex-row">
      <Code label="User-supplied values">{q.data.configYaml || '# none: chart defaults only'}</Code>
      <Code label="Computed values (with chart defaults)">{q.data.computedYaml || '{}'}</Code>
    </div>
  )
}

function ManifestView({ cluster, ns, name, rev }: { cluster: string; ns: string; name: string; rev: number | null }) {
  const q = useManifest(cluster, ns, name, rev)
  if (q.error) return <ErrorState error={q.error} title="Could not read the manifest" />
  if (!q.data) return <Skeleton className="mt-3 h-24 w-full" />
  return <Code label={`Manifest of revision ${q.data.revision}`}>{q.data.manifest || '# empty manifest'}</Code>
}

/** What `helm install` printed after the release: the chart's NOTES.txt as rendered for that revision. */
function NotesView({ cluster, ns, name, rev }: { cluster: string; ns: string; name: string; rev: number | null }) {
  const q = useNotes(cluster, ns, name, rev)
  if (q.error) return <ErrorState error={q.error} title="Could not read the notes" />
  if (!q.data) return <Skeleton className="mt-3 h-24 w-full" />
  return <Code label={`Notes of revision ${q.data.revision}`}>{q.data.notes || '# this chart has no NOTES.txt'}</Code>
}

function DiffView({ cluster, ns, name, from, to }: { cluster: string; ns: string; name: string; from: number | null; to: number | null }) {
  const q = useReleaseDiff(cluster, ns, name, from, to)
  if (from === to) return <p className="mt-3 text-sm text-slate-600 dark:text-slate-300">Pick two different revisions.</p>
  if (q.error) return <ErrorState error={q.error} title="Could not compare the revisions" />
  if (!q.data) return <Skeleton className="mt-3 h-24 w-full" />
  return (
    <div className="mt-3 grid gap-4">
      <UnifiedDiff title="Values" diff={q.data.values} emptyText="User-supplied values are the same." />
      <UnifiedDiff title="Manifest" diff={q.data.manifest} emptyText="The manifests are the same." />
    </div>
  )
}
