import { useMemo, useRef, useState } from 'react'
import { Download } from 'lucide-react'
import { ErrorState, Select, Spinner, cx, focusRing } from '../../ui'
import { useQuery } from '@tanstack/react-query'
import type { KubeObject } from '../../api/kube'
import { useSearchState } from '../../lib/searchState'
import { containerLabel, containerNames, fetchContainers, logsUrl, type ContainerInfo } from './api'
import { LogLineRow } from './LogLineRow'
import { LogPanel, type LogPanelHandle } from './LogPanel'
import { LogSearch, LogWindowBar, LogWindowSelect, TimestampsToggle, WrapToggle, focusSearchOnSlash } from './LogWindowControls'
import { MAX_TAIL_LINES, POD_STEPS, readWindow, searchLines, spansDays, windowQuery, windowSpec } from './logWindow'
import { useLogEvents } from './useLogEvents'
import { useSearchCursor } from './useSearchCursor'
import { useWiderWindow } from './useWiderWindow'

const spec = windowSpec(POD_STEPS)

/**
 * Follows a container's log as the server's log events, each line with the kubelet's time (shown on request): the
 * window the URL names (the last 500 lines by default, or 2,000, 10,000, 50,000; or the lines of the last 15 min to
 * 24 h, at most 50,000), then live. "Load older lines" reads a wider window in place; the page keeps the newest
 * {@link MAX_TAIL_LINES} lines.
 */
export function LogsTab({ cluster, namespace, pod, object }: { cluster: string; namespace: string; pod: string; object: KubeObject | undefined }) {
  const [params, setParams] = useSearchState(spec)
  const view = readWindow(params.lines, params.since)
  const info = useQuery({
    queryKey: ['pod-containers', cluster, namespace, pod],
    queryFn: ({ signal }) => fetchContainers(cluster, namespace, pod, signal),
    staleTime: 10_000,
  })
  // The server's picker model when it answered; the pod spec meanwhile (or if it failed).
  const options = info.data?.containers.map((c) => ({ name: c.name, label: containerLabel(c) })) ?? containerNames(object).map((n) => ({ name: n, label: n }))
  const [chosen, setContainer] = useState<string | undefined>(undefined)
  const container = chosen ?? info.data?.defaultContainer ?? options[0]?.name
  const current = info.data?.containers.find((c) => c.name === container)
  const [follow, setFollow] = useState(true)
  const [previousWanted, setPrevious] = useState(false)
  const previousAvailable = current ? current.hasPreviousLogs : true
  const previous = previousWanted && previousAvailable
  const [timestamps, setTimestamps] = useState(false)
  const q = { container, follow, previous, ...windowQuery(view, POD_STEPS) }
  const url = logsUrl(cluster, namespace, pod, q)
  const { log, state } = useLogEvents(url, MAX_TAIL_LINES)
  const [search, setSearch] = useState('')
  const searchInput = useRef<HTMLInputElement>(null)
  const term = search.trim().toLowerCase()
  const context = Number(params.context)
  const panel = useRef<LogPanelHandle>(null)
  const wider = useWiderWindow(url, log.lines, state, panel)
  const shown = useMemo(() => searchLines(wider.lines, term, context), [wider.lines, term, context])
  const withDate = useMemo(() => timestamps && spansDays(shown), [timestamps, shown])
  const cursor = useSearchCursor(shown, term, panel)
  const stream = log.streams[0]
  const ended = state === 'ended' || (stream !== undefined && stream.state !== 'streaming')
  // A window since a while ago is known to have nothing older when the container (this instance) started after it.
  const startedAt = !previous && current?.startedAt ? Date.parse(current.startedAt) : NaN

  return (
    <div className="flex h-full min-h-[20rem] flex-col gap-2" onKeyDown={(e) => focusSearchOnSlash(e, searchInput)}>
      <div className="flex flex-wrap items-center gap-3 text-sm">
        {options.length > 1 && (
          <label className="flex items-center gap-1.5">
            Container
            <Select value={container} onChange={(e) => setContainer(e.target.value)}>
              {options.map((c) => (
                <option key={c.name} value={c.name}>
                  {c.label}
                </option>
              ))}
            </Select>
          </label>
        )}
        <LogWindowSelect steps={POD_STEPS} window={view} onChange={(patch) => setParams(patch)} />
        <label className="flex items-center gap-1.5">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow
        </label>
        <label
          className={cx('flex items-center gap-1.5', !previousAvailable && 'text-slate-400 dark:text-slate-500')}
          title={previousAvailable ? 'The log of the container before its last restart' : 'This container has not restarted: there is no previous instance'}
        >
          <input type="checkbox" checked={previous} disabled={!previousAvailable} onChange={(e) => setPrevious(e.target.checked)} /> Previous instance
        </label>
        <TimestampsToggle checked={timestamps} onChange={setTimestamps} />
        <WrapToggle checked={params.wrap} onChange={(wrap) => setParams({ wrap })} />
        <LogSearch inputRef={searchInput} value={search} onChange={setSearch} searching={Boolean(term)} context={params.context}
          onContext={(v) => setParams({ context: v })} cursor={cursor} />
        <a className={cx('ml-auto inline-flex items-center gap-1 text-sky-700 hover:underline dark:text-sky-300', focusRing)} href={logsUrl(cluster, namespace, pod, { ...q, timestamps }, true)} download>
          <Download size={14} aria-hidden="true" /> Download
        </a>
      </div>
      {current && current.state === 'waiting' && current.hasPreviousLogs && !previous && (
        <p role="note" className="flex flex-wrap items-center gap-2 rounded-md border border-amber-200 bg-amber-50 px-2 py-1 text-xs text-amber-900 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-200">
          {current.name} is waiting to start again ({current.reason ?? 'waiting'}, {current.restartCount} restart{current.restartCount === 1 ? '' : 's'}):
          why it stopped is in the previous instance's log.
          <button type="button" onClick={() => setPrevious(true)} className={cx('font-medium underline', focusRing)}>Show the previous instance</button>
        </p>
      )}
      {typeof state === 'object' && current && notStarted(current) && !previous ? (
        <NotStartedNote container={current} error={state.error} />
      ) : typeof state === 'object' ? (
        <ErrorState error={state.error} title="Could not open the log" />
      ) : (
        <LogPanel
          handle={panel}
          label={`Log of ${pod}`}
          wrap={params.wrap}
          shown={shown}
          header={(state !== 'loading' || wider.loadingOlder) && (
            <LogWindowBar key={url} steps={POD_STEPS} window={view} count={wider.lines.length} cap={MAX_TAIL_LINES} startedAt={startedAt}
              loading={wider.loadingOlder}
              onOlder={(next, patch) => {
                wider.hold(logsUrl(cluster, namespace, pod, { ...q, ...windowQuery(next, POD_STEPS) }))
                setParams(patch)
              }} />
          )}
          renderLine={({ line, hit }) => (
            <LogLineRow line={line} time={timestamps} withDate={withDate} term={term} dim={Boolean(term) && !hit} current={line.seq === cursor.current} />
          )}
          footer={<>
            {state === 'loading' && <Spinner label="Opening log" className="text-slate-300" />}
            {ended && <span className="block text-slate-400">— end of log{follow && !previous ? `: ${endReason(current)}` : ''} —</span>}
          </>}
        />
      )}
    </div>
  )
}


/** Why a followed log ended: a container known to have finished (an init container's Completed) says so. */
function endReason(c: ContainerInfo | undefined): string {
  return c?.state === 'terminated' ? `${c.name} has finished (${c.reason ?? 'terminated'})` : 'the stream was closed (container stopped, or the cluster ended it)'
}

/** A container that has never run (its pod not on a node yet, its image not pulled, still being created): no log exists. */
function notStarted(c: ContainerInfo): boolean {
  return (c.state === 'waiting' || c.state === 'unknown') && !c.hasPreviousLogs
}

/**
 * Why a container that has not started has no log, in place of a red error: the apiserver's refusal ("does not have a
 * host assigned", "is waiting to start") is expected while the pod is Pending, and the pod's events say what holds it.
 */
function NotStartedNote({ container, error }: { container: ContainerInfo; error: unknown }) {
  const why = container.reason ?? (container.state === 'unknown' ? 'no container status yet: the pod may not be on a node' : 'waiting')
  return (
    <div role="status" className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-200">
      <p className="font-medium">{container.name} has not started yet ({why}), so it has no log.</p>
      <p className="mt-1">The Events tab says what holds it; open Logs again once it runs.</p>
      {error instanceof Error && <p className="mt-2 font-mono text-xs opacity-80">The cluster said: {error.message}</p>}
    </div>
  )
}
