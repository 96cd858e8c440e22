import { useMemo, useRef, useState } from 'react'
import { Download } from 'lucide-react'
import { ErrorState, Select, Spinner, cx, focusRing } from '../../ui'
import type { KubeObject } from '../../api/kube'
import { useSearchState } from '../../lib/searchState'
import { workloadLogsUrl, type WorkloadRef } from './api'
import { LogLineRow } from './LogLineRow'
import { LogPanel, type LogPanelHandle } from './LogPanel'
import { LogSearch, LogWindowBar, LogWindowSelect, TimestampsToggle, WrapToggle, focusSearchOnSlash } from './LogWindowControls'
import { MAX_TAIL_LINES, readWindow, searchLines, spansDays, windowQuery, windowSpec, WORKLOAD_STEPS } from './logWindow'
import { useLogEvents } from './useLogEvents'
import { useSearchCursor } from './useSearchCursor'
import { useWiderWindow } from './useWiderWindow'
import { allEnded, podColours, podShortName, POD_COLOURS, templateContainers, type ContainerStream, type WorkloadLog } from './workloadLogs'

const spec = windowSpec(WORKLOAD_STEPS)
/** The Container select's value for "All containers" (no container name has a `*`). */
const ALL = '*'

/**
 * The merged, time-ordered log of every pod of a workload, each line prefixed with its (coloured) pod: the window the
 * URL names per container (the last 200 lines by default, or a while ago), "Load older lines" as on a pod.
 */
export function WorkloadLogsTab({ workload, namespace, name, object }: {
  workload: WorkloadRef
  namespace: string
  name: string
  object: KubeObject | undefined
}) {
  const [params, setParams] = useSearchState(spec)
  const view = readWindow(params.lines, params.since)
  const [choice, setChoice] = useState('')
  const [follow, setFollow] = useState(true)
  const [previous, setPrevious] = useState(false)
  const [timestamps, setTimestamps] = useState(false)
  const [search, setSearch] = useState('')
  const searchInput = useRef<HTMLInputElement>(null)
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set())
  const allContainers = choice === ALL
  const q = { container: allContainers ? undefined : choice || undefined, allContainers, follow, previous, ...windowQuery(view, WORKLOAD_STEPS) }
  const url = workloadLogsUrl(workload, namespace, name, q)
  const { log, state } = useLogEvents(url, MAX_TAIL_LINES)

  const term = search.trim().toLowerCase()
  const context = Number(params.context)
  const panel = useRef<LogPanelHandle>(null)
  const wider = useWiderWindow(url, log.lines, state, panel)
  const visible = useMemo(() => (hidden.size ? wider.lines.filter((l) => !hidden.has(l.pod)) : wider.lines), [wider.lines, hidden])
  const shown = useMemo(() => searchLines(visible, term, context), [visible, term, context])
  const withDate = useMemo(() => timestamps && spansDays(shown), [timestamps, shown])
  const cursor = useSearchCursor(shown, term, panel)
  // The window was full when one container's stream gave as many lines as asked for.
  const fullest = useMemo(() => {
    const counts = new Map<string, number>()
    let most = 0
    for (const l of wider.lines) {
      const k = `${l.pod}/${l.container}`
      const n = (counts.get(k) ?? 0) + 1
      counts.set(k, n)
      if (n > most) most = n
    }
    return most
  }, [wider.lines])
  const colours = useMemo(() => podColours(log), [log])

  const toggle = (pod: string) =>
    setHidden((h) => {
      const next = new Set(h)
      if (!next.delete(pod)) next.add(pod)
      return next
    })
  // The server does not follow a previous instance: it has nothing more to say.
  const following = follow && !previous
  const ended = state === 'ended' || (following && allEnded(log))

  return (
    <div className="flex h-full min-h-[20rem] flex-col gap-2" onKeyDown={(e) => focusSearchOnSlash(e, searchInput)}>
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <label className="flex items-center gap-1.5">
          Container
          <Select value={choice} onChange={(e) => setChoice(e.target.value)}>
            <option value="">Default container</option>
            <option value={ALL}>All containers</option>
            {templateContainers(object).map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </Select>
        </label>
        <LogWindowSelect steps={WORKLOAD_STEPS} window={view} perContainer onChange={(patch) => setParams(patch)} />
        <label className="flex items-center gap-1.5">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow
        </label>
        <label className="flex items-center gap-1.5" title="The log of each container before its last restart">
          <input type="checkbox" checked={previous} onChange={(e) => setPrevious(e.target.checked)} /> Previous instance
        </label>
        <TimestampsToggle checked={timestamps} onChange={setTimestamps} />
        <WrapToggle checked={params.wrap} onChange={(wrap) => setParams({ wrap })} />
        <LogSearch inputRef={searchInput} value={search} onChange={setSearch} searching={Boolean(term)} context={params.context}
          onContext={(v) => setParams({ context: v })} cursor={cursor} />
        <a
          className={cx('ml-auto inline-flex items-center gap-1 text-sky-700 hover:underline dark:text-sky-300', focusRing)}
          href={workloadLogsUrl(workload, namespace, name, { ...q, timestamps }, true)}
          download
        >
          <Download size={14} aria-hidden="true" /> Download
        </a>
      </div>
      {typeof state === 'object' ? (
        <ErrorState error={state.error} title="Could not open the logs" />
      ) : (
        <>
          <StreamChips log={log} colours={colours} workload={name} hidden={hidden} onToggle={toggle} />
          {log.failure && (
            <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-2 py-1 text-xs text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
              Following stopped: {log.failure}
            </p>
          )}
          <LogPanel
            handle={panel}
            label={`Logs of the pods of ${name}`}
            wrap={params.wrap}
            shown={shown}
            header={(state !== 'loading' || wider.loadingOlder) && wider.lines.length > 0 && (
              <LogWindowBar key={url} steps={WORKLOAD_STEPS} window={view} count={fullest} cap={WORKLOAD_STEPS.lines[WORKLOAD_STEPS.lines.length - 1]}
                startedAt={NaN} loading={wider.loadingOlder}
                onOlder={(next, patch) => {
                  wider.hold(workloadLogsUrl(workload, namespace, name, { ...q, ...windowQuery(next, WORKLOAD_STEPS) }))
                  setParams(patch)
                }} />
            )}
            renderLine={({ line: l, hit }) => (
              <LogLineRow line={l} time={timestamps} withDate={withDate} term={term} dim={Boolean(term) && !hit} current={l.seq === cursor.current}
                source={podShortName(l.pod, name) + (allContainers ? `/${l.container}` : '')} colour={(colours.get(l.pod) ?? POD_COLOURS[0]).text} />
            )}
            footer={<>
              {state === 'loading' && <Spinner label="Opening logs" className="text-slate-300" />}
              {state !== 'loading' && log.selector !== null && log.streams.length === 0 && (
                <span className="block text-slate-400">— {following && state !== 'ended' ? 'waiting for pods' : 'no pods'} matching {log.selector || 'the selector'} —</span>
              )}
              {ended && log.streams.length > 0 && (
                <span className="block text-slate-400">
                  {/* The server skips the containers that never restarted: a previous instance of none is not an ending. */}
                  {previous && log.streams.every((s) => s.state === 'skipped')
                    ? '— no previous instance: none of these containers has restarted —'
                    : `— all streams ended${following ? ': the pods stopped or the cluster closed the streams' : ''} —`}
                </span>
              )}
            </>}
          />
        </>
      )}
    </div>
  )
}

const STATE_WORDS: Record<ContainerStream['state'], string> = { streaming: 'streaming', ended: 'ended', error: 'error', skipped: 'skipped' }

/**
 * A skipped pod's chip words by the server's reason code (docs/api.md, `skipped`): "skipped" alone read as a fault under
 * Previous instance, where it means the container never restarted. Keyed by the code, never by the message's words, so
 * that rewording a message cannot change the chip.
 */
const SKIP_WORDS = new Map([
  ['no_previous', 'not restarted'],
  ['stream_limit', 'not read: stream limit'],
  ['no_such_container', 'no such container'],
  ['no_containers', 'no containers'],
])

/**
 * A stream's state as its chip says it. A skipped one without a code this console knows (an older server sends none, a
 * newer one may add codes) says "skipped"; the tooltip keeps the whole message either way.
 */
function stateWord(s: ContainerStream): string {
  if (s.state !== 'skipped') return STATE_WORDS[s.state]
  return SKIP_WORDS.get(s.reason ?? '') ?? STATE_WORDS.skipped
}

/** One chip per pod: its colour, short name and its streams' states; pressing it hides (or shows again) that pod's lines. */
function StreamChips({ log, colours, workload, hidden, onToggle }: {
  log: WorkloadLog
  colours: Map<string, (typeof POD_COLOURS)[number]>
  workload: string
  hidden: ReadonlySet<string>
  onToggle: (pod: string) => void
}) {
  const pods = new Map<string, ContainerStream[]>()
  for (const s of log.streams) pods.set(s.pod, [...(pods.get(s.pod) ?? []), s])
  if (log.selector === null && pods.size === 0) return null
  // The selector is a line of its own, outside the chips' scroll box: in a narrow pane it takes two lines, and inside
  // the box it pushed the third pod's chip out of sight (a box that scrolls shows no sign of it).
  return (
    <div className="flex flex-col gap-1.5 text-xs">
      {log.selector !== null && (
        <p className="text-slate-500 dark:text-slate-400">
          Selector <span className="font-mono">{log.selector}</span>
          {log.limit !== null && ` · at most ${log.limit} streams`}
        </p>
      )}
      {pods.size > 0 && (
        <div role="group" aria-label="Pods" className="flex max-h-24 flex-wrap items-center gap-1.5 overflow-auto">
          {[...pods].map(([pod, streams]) => {
            const shown = !hidden.has(pod)
            const many = streams.length > 1
            const states = streams.map((s) => (many && s.container ? `${s.container}: ${stateWord(s)}` : stateWord(s))).join(', ')
            const notes = streams.filter((s) => s.message).map((s) => `${s.container ?? pod}: ${s.message}`)
            return (
              <button
                key={pod}
                type="button"
                aria-pressed={shown}
                title={[`${pod} — ${shown ? 'hide' : 'show'} its lines`, ...notes].join('\n')}
                onClick={() => onToggle(pod)}
                className={cx(
                  'inline-flex items-center gap-1 rounded-full border px-2 py-0.5',
                  shown ? 'border-slate-300 dark:border-slate-600' : 'border-dashed border-slate-300 text-slate-400 line-through dark:border-slate-700',
                  streams.some((s) => s.state === 'error') && 'border-red-300 text-red-800 dark:border-red-800 dark:text-red-300',
                  focusRing,
                )}
              >
                <span aria-hidden="true" className={cx('size-2 rounded-full', (colours.get(pod) ?? POD_COLOURS[0]).dot)} />
                <span className="font-mono">{podShortName(pod, workload)}</span>
                <span className="text-slate-500 dark:text-slate-400">{states}</span>
              </button>
            )
          })}
        </div>
      )}
    </div>
  )
}
