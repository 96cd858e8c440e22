/**
 * `/images?q=&cluster=&only=&sort=`: where each container image runs across the fleet — every pod
 * the person may list, grouped by image, with the builds (digests) the kubelets pulled. The questions
 * it answers: is the vulnerable build still running anywhere, what still runs `:latest`, why do two
 * replicas of one tag behave differently.
 */
import { Fragment, useRef, useState, type FormEvent } from 'react'
import { Link } from 'react-router'
import { ChevronDown, ChevronRight, Container } from 'lucide-react'
import { Badge, Breakable, Button, CopyButton, EmptyState, ErrorState, Input, PageHeader, RefreshButton, Select, SkeletonRows, cx, disabledFramed, focusRing } from '../../ui'
import { param, useSearchState } from '../../lib/searchState'
import { useDocumentTitle } from '../../lib/useDocumentTitle'
import { usePageKey } from '../../lib/usePageKey'
import { ClusterOptions } from '../clusters/ClusterOptions'
import { CveChip } from '../inspector/CveChip'
import { useClusters } from '../clusters/hooks'
import { UnansweredClusters } from '../clusters/UnansweredClusters'
import type { FleetImages, ImageClusterPart, ImagePlace, RunningImage } from './api'
import { useFleetImages } from './hooks'
import { CONCERNS, concernsOf, countConcerns, displayName, noCvesWhy, shortDigest, sortImages, workloadRoute, type Concern, type ImageSort } from './imagesModel'
import { countOf } from '../../lib/plural'

const spec = {
  q: param.string(),
  cluster: param.string(),
  only: param.oneOf(['', 'builds', 'latest', 'pull'] as const, ''),
  sort: param.oneOf(['name', 'pods', 'cves'] as const, 'name'),
}

const link = cx('text-sky-700 hover:underline dark:text-sky-300', focusRing)
const clusterPage = (cluster: string) => `/clusters/${encodeURIComponent(cluster)}`
const missingWhy = {
  forbidden: 'your role may not list its pods in all namespaces',
  failed: 'could not be read',
  timeout: 'did not answer in time',
}

export function ImagesPage() {
  useDocumentTitle('Images')
  const [s, set] = useSearchState(spec)
  const images = useFleetImages({ text: s.q, cluster: s.cluster })
  return (
    <>
      <PageHeader
        title="Images"
        description="Where each container image runs: the pods of every cluster where you may list pods in all namespaces, grouped by image with the builds the kubelets pulled."
      />
      <SearchForm key={`${s.q}|${s.cluster}`} initial={s} onSubmit={(next) => set(next, { push: true })} />
      {images.error ? (
        <ErrorState error={images.error} title="Could not list the running images" onRetry={() => void images.refetch()} />
      ) : images.isPending ? (
        <SkeletonRows label="Reading the pods of every cluster" rows={6} rowHeight="h-9" />
      ) : (
        <Results
          answer={images.data}
          text={s.q}
          only={s.only || null}
          sort={s.sort}
          onOnly={(only) => set({ only: only ?? '' })}
          onSort={(sort) => set({ sort })}
          updating={images.isFetching}
          onRefresh={() => void images.refetch()}
        />
      )}
    </>
  )
}

/** The question: part of a reference or a digest (`/` focuses it), and one cluster or all; Enter searches. */
function SearchForm({ initial, onSubmit }: { initial: { q: string; cluster: string }; onSubmit: (q: { q: string; cluster: string }) => void }) {
  const [draft, setDraft] = useState(initial.q)
  const field = useRef<HTMLInputElement>(null)
  const { data: clusters } = useClusters()
  usePageKey('/', () => {
    field.current?.focus()
    field.current?.select()
  })
  const submit = (e: FormEvent) => {
    e.preventDefault()
    onSubmit({ q: draft.trim(), cluster: initial.cluster })
  }
  return (
    <form onSubmit={submit} role="search" aria-label="Find images" className="mb-4 flex flex-wrap items-end gap-3">
      <label className="flex flex-col gap-1 text-sm font-medium text-slate-700 dark:text-slate-300">
        Image or digest
        <Input
          ref={field}
          type="search"
          name="q"
          className="w-96 font-mono"
          spellCheck={false}
          autoComplete="off"
          maxLength={256}
          placeholder="nginx, :latest, sha256:3f…  ( / )"
          aria-keyshortcuts="/"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
      </label>
      <label className="flex flex-col gap-1 text-sm font-medium text-slate-700 dark:text-slate-300">
        Cluster
        <Select name="cluster" value={initial.cluster} onChange={(e) => onSubmit({ q: draft.trim(), cluster: e.target.value })}>
          <option value="">All clusters</option>
          {clusters && <ClusterOptions clusters={clusters} />}
        </Select>
      </label>
      <Button type="submit">Find</Button>
    </form>
  )
}

/** Why a cluster's builds show no CVEs (a dash would read as "nothing known" without a reason): Inspector refused or failed there. */
function CvesUnavailable({ parts }: { parts: ImageClusterPart[] }) {
  const unavailable = parts.filter((p) => p.cvesUnavailable)
  if (unavailable.length === 0) return null
  return (
    <ul role="note" aria-label="CVEs not shown" className="space-y-1 rounded-md border border-amber-200 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-200">
      {unavailable.map((p) => (
        <li key={p.cluster}>
          No CVEs for the builds on <Link className="font-medium underline" to={clusterPage(p.cluster)}>{p.cluster}</Link>: {p.cvesUnavailable}
        </li>
      ))}
    </ul>
  )
}

function Results({ answer, text, only, sort, onOnly, onSort, updating, onRefresh }: {
  answer: FleetImages
  text: string
  only: Concern | null
  sort: ImageSort
  onOnly: (c: Concern | null) => void
  onSort: (s: ImageSort) => void
  updating: boolean
  onRefresh: () => void
}) {
  const answered = answer.clusters.filter((c) => c.status === 'ok')
  const counts = countConcerns(answer.images)
  const shown = sortImages(only ? answer.images.filter((i) => concernsOf(i).includes(only)) : answer.images, sort)
  const pods = answer.pods
  const on = new Set(answer.images.flatMap((i) => i.places.map((p) => p.cluster))).size
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
          <span className="font-medium text-slate-900 dark:text-slate-100">{countOf(answer.matched, 'image')}</span>
          {text ? <> matching <span className="font-mono">{text}</span></> : ''} · {countOf(pods, 'pod')} on {on} of{' '}
          {countOf(answered.length, 'answering cluster')} ({answered.reduce((n, c) => n + c.pods, 0)} pods read)
          {updating && <span className="ml-2 italic">· updating…</span>}
        </p>
        <RefreshButton onClick={onRefresh} pending={updating} label="Read again" title="List every cluster's pods again" />
      </div>
      <UnansweredClusters parts={answer.clusters} why={missingWhy} linkTo={clusterPage} label="Clusters not listed" />
      <CvesUnavailable parts={answer.clusters} />
      {answer.truncated && (
        <p role="note" className="rounded-md border border-amber-200 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-200">
          Showing the first {answer.images.length} of {answer.matched} images by name: search for part of a reference to narrow them.
        </p>
      )}
      {answered.length === 0 ? (
        <EmptyState title="No cluster's pods could be read" icon={<Container size={32} />}>Each cluster above says why.</EmptyState>
      ) : answer.images.length === 0 ? (
        <EmptyState title={text ? 'No running image matches' : 'No pods'} icon={<Container size={32} />}>
          {text ? 'No container of a pod you may list runs an image or build with that in its name. Change or clear the search.' : 'No pod you may list runs anywhere.'}
        </EmptyState>
      ) : (
        <>
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <span className="text-slate-600 dark:text-slate-400">Show only</span>
            {(Object.keys(CONCERNS) as Concern[]).map((c) => (
              <button
                key={c}
                type="button"
                aria-pressed={only === c}
                title={CONCERNS[c].why}
                disabled={counts[c] === 0 && only !== c}
                onClick={() => onOnly(only === c ? null : c)}
                className={cx(
                  'rounded-full border px-2.5 py-0.5 text-xs',
                  // A concern no image has: disabled as a button is, the count 0 still readable.
                  disabledFramed,
                  only === c
                    ? 'border-sky-600 bg-sky-50 text-sky-900 dark:border-sky-400 dark:bg-sky-950 dark:text-sky-100'
                    : 'border-slate-300 text-slate-700 enabled:hover:bg-slate-50 dark:border-slate-600 dark:text-slate-300 dark:enabled:hover:bg-slate-800',
                  focusRing,
                )}
              >
                {CONCERNS[c].label} · {counts[c]}
              </button>
            ))}
            <label className="ml-auto flex items-center gap-1.5 text-slate-600 dark:text-slate-400">
              Sort
              <Select value={sort} onChange={(e) => onSort(e.target.value === 'pods' || e.target.value === 'cves' ? e.target.value : 'name')}>
                <option value="name">by name</option>
                <option value="pods">most pods first</option>
                <option value="cves">worst CVEs first</option>
              </Select>
            </label>
          </div>
          <ImageTable images={shown} clusters={answer.clusters} />
        </>
      )}
    </div>
  )
}

function ImageTable({ images, clusters }: { images: RunningImage[]; clusters: ImageClusterPart[] }) {
  const [open, setOpen] = useState<string | null>(null)
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-700">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Running images</caption>
        <thead className="bg-slate-50 text-xs text-slate-600 uppercase dark:bg-slate-800/60 dark:text-slate-400">
          <tr>
            {['Image', 'Tag', 'Pods', 'Clusters', 'Builds', 'CVEs'].map((h) => (
              <th key={h} scope="col" className="px-3 py-2 font-medium">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 text-slate-800 dark:divide-slate-700 dark:text-slate-200">
          {images.map((image) => {
            const expanded = open === image.reference
            const concerns = concernsOf(image)
            return (
              <Fragment key={image.reference}>
                <tr className={cx('align-top', expanded ? 'bg-slate-50 dark:bg-slate-800/50' : 'hover:bg-slate-50 dark:hover:bg-slate-800/50')}>
                  <td className="px-3 py-2">
                    <button
                      type="button"
                      aria-expanded={expanded}
                      onClick={() => setOpen(expanded ? null : image.reference)}
                      className={cx('flex items-start gap-1 text-left font-mono text-sm break-words', focusRing)}
                      title={image.written.join('\n')}
                    >
                      {expanded ? <ChevronDown size={14} className="mt-0.5 shrink-0" aria-hidden="true" /> : <ChevronRight size={14} className="mt-0.5 shrink-0" aria-hidden="true" />}
                      {/* at its dots and slashes (registry / repository), not mid-word as break-all did at 1024 px */}
                      <span className="min-w-0"><Breakable text={displayName(image)} /></span>
                    </button>
                    {concerns.length > 0 && (
                      <span className="mt-1 ml-5 flex flex-wrap gap-1">
                        {concerns.map((c) => (
                          <Badge key={c} tone={c === 'pull' ? 'danger' : 'warning'} title={CONCERNS[c].why}>{CONCERNS[c].label.toLowerCase()}</Badge>
                        ))}
                      </span>
                    )}
                  </td>
                  <td className="px-3 py-2 font-mono text-xs">
                    {image.tag ?? '—'}
                    {image.pinnedDigest && <div className="text-slate-500 dark:text-slate-400" title={image.pinnedDigest}>@{shortDigest(image.pinnedDigest)}</div>}
                  </td>
                  <td className="px-3 py-2 tabular-nums">
                    {image.pods}
                    {image.pullFailing > 0 && <div className="text-xs text-red-700 dark:text-red-300">{image.pullFailing} failing to pull</div>}
                  </td>
                  <td className="px-3 py-2 text-xs">
                    {/* A cluster's name often ends in a digit (staging-us-west-2): its pod count is marked as one, and the name never wraps at its hyphen. */}
                    {image.places.map((p, i) => (
                      <Fragment key={p.cluster}>
                        {i > 0 && ' · '}
                        <span className="whitespace-nowrap" title={`${countOf(p.pods, 'pod')} on ${p.cluster}`}>
                          {p.cluster} <span className="text-slate-500 tabular-nums dark:text-slate-400">×{p.pods}</span>
                        </span>
                      </Fragment>
                    ))}
                  </td>
                  <td className="px-3 py-2 text-xs tabular-nums">{image.digests.length || '—'}</td>
                  <td className="px-3 py-2" title={image.digests.length > 1 ? 'Of the build most pods run' : undefined}>
                    <CveChip chip={image.digests[0]?.cves ?? undefined} none={noCvesWhy(image, clusters)} />
                  </td>
                </tr>
                {expanded && (
                  <tr className="bg-slate-50 dark:bg-slate-800/50">
                    <td colSpan={6} className="px-3 pt-1 pb-3">
                      <ImageDetail image={image} />
                    </td>
                  </tr>
                )}
              </Fragment>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

/** An image opened: why it is flagged, how specs write it, the builds running, and the workloads on each cluster. */
function ImageDetail({ image }: { image: RunningImage }) {
  const concerns = concernsOf(image)
  return (
    <div className="ml-5 space-y-3 text-sm" data-testid="image-detail">
      <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600 dark:text-slate-400">
        <code className="font-mono break-all">{image.reference}</code>
        <CopyButton text={image.reference} label="Copy reference" />
      </div>
      {concerns.map((c) => (
        <p key={c} className="text-xs text-amber-800 dark:text-amber-200">
          <strong>{CONCERNS[c].label}:</strong> {CONCERNS[c].why}
        </p>
      ))}
      {image.written.length > 1 && (
        <p className="text-xs text-slate-600 dark:text-slate-400">
          Written in pod specs as {image.written.map((w, i) => <Fragment key={w}>{i > 0 && ', '}<code className="font-mono">{w}</code></Fragment>)}
        </p>
      )}
      <section aria-label="Builds running">
        <h3 className="text-xs font-medium text-slate-500 uppercase dark:text-slate-400">Builds running</h3>
        {image.digests.length === 0 ? (
          <p className="text-xs text-slate-600 dark:text-slate-400">None pulled yet.</p>
        ) : (
          <ul className="mt-1 space-y-0.5 text-xs">
            {image.digests.map((d) => (
              <li key={d.digest} className="flex flex-wrap items-center gap-2">
                <code className="font-mono break-all">{d.digest}</code>
                <span className="text-slate-600 dark:text-slate-400">{countOf(d.pods, 'pod')}</span>
                {d.cves && <CveChip chip={d.cves} />}
              </li>
            ))}
          </ul>
        )}
      </section>
      {image.places.map((p) => <PlaceSection key={p.cluster} place={p} />)}
    </div>
  )
}

function PlaceSection({ place }: { place: ImagePlace }) {
  return (
    <section aria-label={`On ${place.cluster}`}>
      <h3 className="text-xs font-medium text-slate-500 dark:text-slate-400">
        <span className="uppercase">On</span> <Link className={link} to={clusterPage(place.cluster)}>{place.cluster}</Link> · {countOf(place.pods, 'pod')}
      </h3>
      <ul className="mt-1 space-y-0.5 text-xs">
        {place.workloads.map((w) => {
          const to = workloadRoute(place.cluster, w)
          const name = `${w.namespace ? `${w.namespace}/` : ''}${w.name}`
          return (
            <li key={`${w.namespace}/${w.kind}/${w.name}`} className="flex flex-wrap items-baseline gap-x-2">
              <span className="w-24 shrink-0 text-slate-500 dark:text-slate-400">{w.kind}</span>
              {to ? <Link className={cx('font-mono', link)} to={to}>{name}</Link> : <span className="font-mono">{name}</span>}
              <span className="text-slate-600 dark:text-slate-400">
                {countOf(w.pods, 'pod')} · {w.containers.length === 1 ? 'container' : 'containers'} {w.containers.join(', ')}
              </span>
              {w.pullFailing > 0 && <span className="text-red-700 dark:text-red-300">{w.pullFailing} failing to pull</span>}
            </li>
          )
        })}
        {place.moreWorkloads > 0 && <li className="text-slate-500 dark:text-slate-400">and {countOf(place.moreWorkloads, 'more workload')}</li>}
      </ul>
    </section>
  )
}
