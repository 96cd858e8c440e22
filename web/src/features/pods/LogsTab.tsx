import { useEffect, useMemo, useRef, useState } from 'react'
import { Download } from 'lucide-react'
import { ErrorState, Input, Select, Spinner, cx, focusRing } from '../../ui'
import { useQuery } from '@tanstack/react-query'
import type { KubeObject } from '../../api/kube'
import { containerLabel, containerNames, fetchContainers, logsUrl } from './api'
import { LogLineRow } from './LogLineRow'
import { useLogEvents } from './useLogEvents'

const TAIL_LINES = 500

/**
 * Follows a container's log (the last {@link TAIL_LINES} lines, then live) as the server's log events, each line with
 * the kubelet's time (shown on request); keeps the newest 20,000 lines in the page.
 */
export function LogsTab({ cluster, namespace, pod, object }: { cluster: string; namespace: string; pod: string; object: KubeObject | undefined }) {
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
  const q = { container, follow, previous, tailLines: TAIL_LINES }
  const { log, state } = useLogEvents(logsUrl(cluster, namespace, pod, q))
  const [search, setSearch] = useState('')
  const term = search.trim().toLowerCase()
  const shown = useMemo(() => (term ? log.lines.filter((l) => l.text.toLowerCase().includes(term)) : log.lines), [log.lines, term])
  const stream = log.streams[0]
  const ended = state === 'ended' || (stream !== undefined && stream.state !== 'streaming')
  const pre = useRef<HTMLPreElement>(null)
  const stick = useRef(true)

  useEffect(() => {
    if (stick.current && pre.current) pre.current.scrollTop = pre.current.scrollHeight
  }, [shown, state])

  return (
    <div className="flex h-full min-h-[20rem] flex-col gap-2">
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
        <label className="flex items-center gap-1.5">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow
        </label>
        <label
          className={cx('flex items-center gap-1.5', !previousAvailable && 'text-slate-400 dark:text-slate-500')}
          title={previousAvailable ? 'The log of the container before its last restart' : 'This container has not restarted: there is no previous instance'}
        >
          <input type="checkbox" checked={previous} disabled={!previousAvailable} onChange={(e) => setPrevious(e.target.checked)} /> Previous instance
        </label>
        <label className="flex items-center gap-1.5">
          <input type="checkbox" checked={timestamps} onChange={(e) => setTimestamps(e.target.checked)} /> Timestamps
        </label>
        <label className="flex items-center gap-1.5">
          <span className="sr-only">Search the log</span>
          <Input
            type="search"
            className="w-40"
            placeholder="Search…"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </label>
        {term && (
          <span role="status" className="text-xs text-slate-600 dark:text-slate-400">
            {shown.length} matching line{shown.length === 1 ? '' : 's'}
          </span>
        )}
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
      {typeof state === 'object' ? (
        <ErrorState error={state.error} title="Could not open the log" />
      ) : (
        <pre
          ref={pre}
          aria-label={`Log of ${pod}`}
          tabIndex={0}
          onScroll={(e) => {
            const el = e.currentTarget
            stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40
          }}
          className="min-h-0 flex-1 overflow-auto rounded-md bg-slate-950 p-2 font-mono text-xs leading-5 whitespace-pre-wrap text-slate-100"
        >
          {shown.map((l) => <LogLineRow key={l.seq} line={l} time={timestamps} term={term} />)}
          {state === 'loading' && <Spinner label="Opening log" className="text-slate-300" />}
          {ended && <span className="block text-slate-400">— end of log{follow && !previous ? ': the stream was closed (container stopped, or the cluster ended it)' : ''} —</span>}
        </pre>
      )}
    </div>
  )
}
