/**
 * The merged log of a workload's pods (`stern`, `kubectl logs -l … --prefix`), as the server's
 * `.../{workload}/logs` NDJSON events describe it. Owns: splitting the byte stream into events
 * (a chunk may end mid-line), keeping the lines in time order under a cap, the state of each
 * pod's container streams, and a pod's colour and short name. Does not own: the request (api.ts)
 * or how any of it is drawn (WorkloadLogsTab).
 */

/** The workload kinds the server streams pod logs of, as `group/plural`. */
const WORKLOAD_KINDS = new Set(['apps/deployments', 'apps/statefulsets', 'apps/daemonsets', 'apps/replicasets', 'batch/jobs'])

export const hasWorkloadLogs = (group: string, plural: string) => WORKLOAD_KINDS.has(`${group}/${plural}`)

/** Lines kept in the page; older ones are dropped first. */
export const MAX_LINES = 20_000

/** One NDJSON event of the server's answer. */
export type LogEvent =
  | { type: 'selector'; selector: string; limit: number }
  | { type: 'open'; pod: string; container: string }
  | { type: 'line'; pod: string; container: string; time: string | null; text: string }
  | { type: 'end'; pod: string; container: string }
  | { type: 'error'; pod: string; container: string; code: number; message: string }
  /** `reason`: why, as a code (docs/api.md lists them); absent from a server older than it, and a newer one may add codes. */
  | { type: 'skipped'; pod: string; reason?: string; message: string }
  /** The whole view failed after it began (the person may list the pods but not watch them, say). */
  | { type: 'failed'; code: number; message: string }

const EVENT_TYPES = new Set<string>(['selector', 'open', 'line', 'end', 'error', 'skipped', 'failed'])

/**
 * Splits `buffered + chunk` into the complete lines' events and the unfinished rest (to pass
 * back in with the next chunk). Blank lines and events of unknown types are skipped; a line that
 * is not JSON is a broken answer and throws.
 */
export function splitEvents(buffered: string, chunk: string): { events: LogEvent[]; rest: string } {
  const text = buffered + chunk
  const end = text.lastIndexOf('\n')
  if (end < 0) return { events: [], rest: text }
  return { events: parseEvents(text.slice(0, end)), rest: text.slice(end + 1) }
}

/** The events of complete NDJSON text (e.g. the rest left when the answer ends). */
export function parseEvents(text: string): LogEvent[] {
  const events: LogEvent[] = []
  for (const line of text.split('\n')) {
    if (!line.trim()) continue
    let parsed: unknown
    try {
      parsed = JSON.parse(line)
    } catch {
      throw new Error(`The server sent a log event that is not JSON: ${line.slice(0, 120)}`)
    }
    if (parsed && typeof parsed === 'object' && EVENT_TYPES.has((parsed as { type?: string }).type ?? '')) events.push(parsed as LogEvent)
  }
  return events
}

/** A log line as kept: `key` sorts by time (null: no time, kept after the timed lines); `seq` is its stable id. */
export interface LogLine {
  seq: number
  pod: string
  container: string
  time: string | null
  key: string | null
  text: string
}

export type StreamState = 'streaming' | 'ended' | 'error' | 'skipped'

/** One container's stream (`container` null: a skipped pod, none of whose containers is streamed). */
export interface ContainerStream {
  pod: string
  container: string | null
  state: StreamState
  message?: string
  /** A skipped pod's reason code, as the server sent it. */
  reason?: string
}

export interface WorkloadLog {
  selector: string | null
  limit: number | null
  /** In time order, at most {@link MAX_LINES}. */
  lines: LogLine[]
  /** In the order the server first named them. */
  streams: ContainerStream[]
  seq: number
  /** Why the whole view stopped, when the server said so after it began. */
  failure: string | null
}

export const emptyLog = (): WorkloadLog => ({ selector: null, limit: null, lines: [], streams: [], seq: 0, failure: null })

/**
 * A sort key for an RFC3339(Nano) time: epoch seconds and nine fraction digits, so that
 * `…:01.1Z` sorts before `…:01.12Z` and `…:01Z` before both (the strings themselves do not).
 * Null when there is no time or it cannot be read.
 */
export function timeKey(time: string | null): string | null {
  const m = time ? /^(.+T\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/i.exec(time) : null
  const ms = m ? Date.parse(m[1] + m[3]) : NaN
  if (!m || Number.isNaN(ms)) return null
  return `${String(ms / 1000 + 1e11).padStart(12, '0')}.${(m[2] ?? '').padEnd(9, '0')}`
}

/**
 * Adds `incoming` to `lines` in time order (a copy; `lines` is not changed): each goes after the
 * last line not later than it, searched from the end as nearly every line belongs there; lines
 * without a time stay after all timed ones. Then drops the oldest lines beyond `cap`.
 */
export function insertLines(lines: readonly LogLine[], incoming: readonly LogLine[], cap = MAX_LINES): LogLine[] {
  const out = lines.slice()
  for (const line of incoming) {
    let at = out.length
    if (line.key !== null) {
      const key = line.key
      while (at > 0 && (out[at - 1].key === null || (out[at - 1].key as string) > key)) at--
    }
    if (at === out.length) out.push(line)
    else out.splice(at, 0, line)
  }
  if (out.length > cap) out.splice(0, out.length - cap)
  return out
}

/** The log after `events` (a copy; `log` is not changed). */
export function applyEvents(log: WorkloadLog, events: readonly LogEvent[], cap = MAX_LINES): WorkloadLog {
  let { selector, limit, seq, failure } = log
  const streams = log.streams.slice()
  const incoming: LogLine[] = []
  const setStream = (pod: string, container: string | null, state: StreamState, message?: string, reason?: string) => {
    const i = streams.findIndex((s) => s.pod === pod && s.container === container)
    const stream: ContainerStream = { pod, container, state, message, reason }
    if (i < 0) streams.push(stream)
    // An error is what the person needs to see: the `end` that may follow it does not replace it.
    else if (!(streams[i].state === 'error' && state === 'ended')) streams[i] = stream
  }
  for (const e of events) {
    switch (e.type) {
      case 'selector':
        selector = e.selector
        limit = e.limit
        break
      case 'open':
        setStream(e.pod, e.container, 'streaming')
        break
      case 'line':
        if (!streams.some((s) => s.pod === e.pod && s.container === e.container)) setStream(e.pod, e.container, 'streaming')
        incoming.push({ seq: seq++, pod: e.pod, container: e.container, time: e.time, key: timeKey(e.time), text: e.text })
        break
      case 'end':
        setStream(e.pod, e.container, 'ended')
        break
      case 'error':
        setStream(e.pod, e.container, 'error', `${e.message}${e.code ? ` (${e.code})` : ''}`)
        break
      case 'skipped':
        setStream(e.pod, null, 'skipped', e.message, e.reason)
        break
      case 'failed':
        failure = `${e.message}${e.code ? ` (${e.code})` : ''}`
        break
    }
  }
  return { selector, limit, seq, failure, streams, lines: incoming.length ? insertLines(log.lines, incoming, cap) : log.lines }
}

/** True once every stream named so far has stopped (none streaming); false before any is named. */
export const allEnded = (log: WorkloadLog) => log.streams.length > 0 && log.streams.every((s) => s.state !== 'streaming')

/** `web-7d9f-abcde` of Deployment `web` → `7d9f-abcde`; a name without the workload's prefix stays whole. */
export function podShortName(pod: string, workload: string): string {
  const prefix = `${workload}-`
  return pod.startsWith(prefix) && pod.length > prefix.length ? pod.slice(prefix.length) : pod
}

/** Text on the dark log panel, and a chip's dot on the page; literal class names so Tailwind sees them. */
export const POD_COLOURS = [
  { text: 'text-sky-300', dot: 'bg-sky-500' },
  { text: 'text-emerald-300', dot: 'bg-emerald-500' },
  { text: 'text-amber-300', dot: 'bg-amber-500' },
  { text: 'text-fuchsia-300', dot: 'bg-fuchsia-500' },
  { text: 'text-lime-300', dot: 'bg-lime-500' },
  { text: 'text-rose-300', dot: 'bg-rose-500' },
  { text: 'text-cyan-300', dot: 'bg-cyan-500' },
  { text: 'text-violet-300', dot: 'bg-violet-500' },
] as const

/**
 * Each pod's colour, in the order the server first named them: the first eight pods never share
 * one (a hash of the name made two of three replicas alike), and a pod keeps its colour while
 * the view lasts, as pods are only ever added to the list.
 */
export function podColours(log: WorkloadLog): Map<string, (typeof POD_COLOURS)[number]> {
  const colours = new Map<string, (typeof POD_COLOURS)[number]>()
  for (const s of log.streams) if (!colours.has(s.pod)) colours.set(s.pod, POD_COLOURS[colours.size % POD_COLOURS.length])
  return colours
}

/** The kubelet's RFC3339Nano time as a Date (to the millisecond), null when it cannot be read. */
export function logDate(time: string): Date | null {
  const d = new Date(time.replace(/(\.\d{3})\d+/, '$1'))
  return Number.isNaN(d.getTime()) ? null : d
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/**
 * `12:00:01.123` in local time, or `Dec 06 12:00:01.123` with `withDate` (a log that spans more than one day); the
 * ISO value itself when it cannot be read.
 */
export function formatLogTime(time: string, withDate = false): string {
  const d = logDate(time)
  if (!d) return time
  const two = (n: number) => String(n).padStart(2, '0')
  const clock = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`
  return withDate ? `${MONTHS[d.getMonth()]} ${two(d.getDate())} ${clock}` : clock
}

/** Container names of a workload's pod template (a Deployment's, StatefulSet's, DaemonSet's, ReplicaSet's or Job's). */
export function templateContainers(workload: { spec?: Record<string, unknown> } | undefined): string[] {
  const template = workload?.spec?.template as { spec?: { containers?: { name: string }[] } } | undefined
  return (template?.spec?.containers ?? []).map((c) => c.name)
}
