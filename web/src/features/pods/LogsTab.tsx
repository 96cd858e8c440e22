import { useEffect, useMemo, useRef, useState } from 'react'
import { Download } from 'lucide-react'
import { ErrorState, Input, Select, Spinner, cx, focusRing } from '../../ui'
import { useQuery } from '@tanstack/react-query'
import type { KubeObject } from '../../api/kube'
import { containerLabel, containerNames, fetchContainers, logsUrl, streamLogs } from './api'

const MAX_CHARS = 2_000_000

/** Follows a container's log (last 500 lines, then live); keeps at most ~2 MB in the page. */
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
  const { text, state } = useLogStream(logsUrl(cluster, namespace, pod, { container, follow, previous, tailLines: 500 }))
  const [search, setSearch] = useState('')
  const matches = useMemo(() => matchingLines(text, search), [text, search])
  const pre = useRef<HTMLPreElement>(null)
  const stick = useRef(true)
  const q = { container, follow, previous, tailLines: 500 }

  useEffect(() => {
    if (stick.current && pre.current) pre.current.scrollTop = pre.current.scrollHeight
  }, [text, state, matches])

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
          <span className="sr-only">Search the log</span>
          <Input
            type="search"
            className="w-40"
            placeholder="Search…"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </label>
        {matches && (
          <span role="status" className="text-xs text-slate-600 dark:text-slate-400">
            {matches.length} matching line{matches.length === 1 ? '' : 's'}
          </span>
        )}
        <a className={cx('ml-auto inline-flex items-center gap-1 text-sky-700 hover:underline dark:text-sky-300', focusRing)} href={logsUrl(cluster, namespace, pod, q, true)} download>
          <Download size={14} aria-hidden="true" /> Download
        </a>
      </div>
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
          {matches ? matches.map((line, i) => <Highlighted key={i} line={line} term={search} />) : text}
          {state === 'loading' && <Spinner label="Opening log" className="text-slate-300" />}
          {state === 'ended' && <span className="block text-slate-400">— end of log{follow && !previous ? ': the stream was closed (container stopped, or the cluster ended it)' : ''} —</span>}
        </pre>
      )}
    </div>
  )
}

type StreamState = 'loading' | 'streaming' | 'ended' | { error: unknown }

/** The log at `url` as it streams in; starts over (empty, loading) whenever `url` changes. */
function useLogStream(url: string): { text: string; state: StreamState } {
  const [log, setLog] = useState<{ url: string; text: string; state: StreamState }>({ url, text: '', state: 'loading' })
  if (log.url !== url) setLog({ url, text: '', state: 'loading' })
  useEffect(() => {
    const abort = new AbortController()
    const update = (f: (l: { text: string; state: StreamState }) => Partial<{ text: string; state: StreamState }>) =>
      setLog((l) => (l.url === url ? { ...l, ...f(l) } : l))
    streamLogs(url, abort.signal, (chunk) =>
      update((l) => {
        const next = l.text + chunk
        return { state: 'streaming', text: next.length > MAX_CHARS ? next.slice(next.indexOf('\n', next.length - MAX_CHARS) + 1) : next }
      }),
    ).then(
      () => !abort.signal.aborted && update(() => ({ state: 'ended' })),
      (e: unknown) => !abort.signal.aborted && update(() => ({ state: { error: e } })),
    )
    return () => abort.abort()
  }, [url])
  return log
}

/** Lines containing `term` (case-insensitive); null when there is no search. */
export function matchingLines(text: string, term: string): string[] | null {
  const t = term.trim().toLowerCase()
  if (!t) return null
  return text.split('\n').filter((l) => l.toLowerCase().includes(t))
}

function Highlighted({ line, term }: { line: string; term: string }) {
  const t = term.trim()
  const at = line.toLowerCase().indexOf(t.toLowerCase())
  if (at < 0) return <span className="block">{line}</span>
  return (
    <span className="block">
      {line.slice(0, at)}
      <mark className="rounded-sm bg-amber-300 text-slate-950">{line.slice(at, at + t.length)}</mark>
      {line.slice(at + t.length)}
    </span>
  )
}
