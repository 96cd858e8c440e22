/**
 * Which part of a log the Logs tabs read (the last N lines, or the lines since a while ago), kept in the URL
 * (`lines`, `since`, `context`, and `wrap=0` when long words scroll sideways) so a link reproduces the view; the next wider window ("Load older lines"), and a
 * search's matches with grep -C style context lines. The apiserver's log API has no offset: an older part of
 * the log is read by asking again for a larger tail, up to {@link MAX_TAIL_LINES}.
 */
import { param } from '../../lib/searchState'
import { logDate, type LogLine } from './workloadLogs'

/** The most lines a pod's Logs tab asks for (and keeps in the page); past it, Download has the whole log. The server refuses more (LogOptions.MAX_TAIL_LINES). */
export const MAX_TAIL_LINES = 50_000

export const SINCE_OPTIONS = ['15m', '1h', '6h', '24h'] as const
export type Since = (typeof SINCE_OPTIONS)[number]
export const SINCE_SECONDS: Record<Since, number> = { '15m': 900, '1h': 3600, '6h': 21_600, '24h': 86_400 }
const SINCE_WORDS: Record<Since, string> = { '15m': '15 min', '1h': '1 h', '6h': '6 h', '24h': '24 h' }

export const CONTEXT_OPTIONS = ['0', '2', '5', '10'] as const

/** A tab's window: the tail sizes it offers (the first is the default; the last is also its cap for a `since` window). */
export interface WindowSteps {
  lines: readonly number[]
}

/** The pod tab's steps: 500 (as before), 2,000, 10,000, then {@link MAX_TAIL_LINES} (reached by "Load older lines"). */
export const POD_STEPS: WindowSteps = { lines: [500, 2_000, 10_000, MAX_TAIL_LINES] }

/** A workload tab's steps, per container (each pod's container is one stream): 200 (as before), 1,000, 5,000. */
export const WORKLOAD_STEPS: WindowSteps = { lines: [200, 1_000, 5_000] }

export type LogWindow = { lines: number; since: null } | { lines: null; since: Since }

/**
 * The URL spec of a tab's window, search context and wrapping: `lines=2000`, `since=1h`, `context=2`, `wrap=0` (defaults are
 * left out). Wrap is on by default, as in most consoles: a long token without spaces (base64, compact JSON) breaks onto the
 * next line instead of making the whole log scroll sideways.
 */
export function windowSpec(steps: WindowSteps) {
  const values = steps.lines.map(String) as [string, ...string[]]
  return {
    lines: param.oneOf(values, values[0]),
    since: param.oneOf(['', ...SINCE_OPTIONS] as const, ''),
    context: param.oneOf(CONTEXT_OPTIONS, '0'),
    wrap: param.boolean(true),
  }
}

/** The window the URL names: a `since` wins over `lines`. */
export function readWindow(lines: string, since: string): LogWindow {
  return (SINCE_OPTIONS as readonly string[]).includes(since) ? { lines: null, since: since as Since } : { lines: Number(lines), since: null }
}

/** What to ask the server for: a tail, or the lines since a while ago capped at the tab's largest tail. */
export function windowQuery(w: LogWindow, steps: WindowSteps): { tailLines: number; sinceSeconds?: number } {
  return w.since ? { tailLines: steps.lines[steps.lines.length - 1], sinceSeconds: SINCE_SECONDS[w.since] } : { tailLines: w.lines }
}

export const windowValue = (w: LogWindow) => (w.since ? `since:${w.since}` : `lines:${w.lines}`)

/** The select's options, `lines:500` … `since:24h`. */
export function windowOptions(steps: WindowSteps, perContainer = false): { value: string; label: string }[] {
  const each = perContainer ? ' per container' : ''
  return [
    ...steps.lines.map((n) => ({ value: `lines:${n}`, label: `Last ${n.toLocaleString('en-US')} lines${each}` })),
    ...SINCE_OPTIONS.map((s) => ({ value: `since:${s}`, label: `Since ${SINCE_WORDS[s]} ago` })),
  ]
}

/** A change of the URL's window parameters. */
export interface WindowPatch {
  lines?: string
  since: Since | ''
}

/** The URL patch for a select value. */
export function windowPatch(value: string): WindowPatch {
  const [kind, v] = value.split(':')
  return kind === 'since' && (SINCE_OPTIONS as readonly string[]).includes(v) ? { since: v as Since } : { lines: v, since: '' }
}

/**
 * The next wider window, or null when there is none: a larger tail (500 → 2,000 → 10,000 → 50,000), or a longer
 * while (15 min → 1 h → 6 h → 24 h).
 */
export function olderWindow(w: LogWindow, steps: WindowSteps): LogWindow | null {
  if (w.since) {
    const next = SINCE_OPTIONS[SINCE_OPTIONS.indexOf(w.since) + 1]
    return next ? { lines: null, since: next } : null
  }
  const next = steps.lines.find((n) => n > w.lines)
  return next === undefined ? null : { lines: next, since: null }
}

export const windowWords = (w: LogWindow) => (w.since ? `the last ${SINCE_WORDS[w.since]}` : `the last ${w.lines.toLocaleString('en-US')} lines`)

/** The URL patch for a window. */
export const windowToParams = (w: LogWindow): WindowPatch => (w.since ? { since: w.since } : { lines: String(w.lines), since: '' })

/** A drawn row: a line, whether it matched the search, and whether lines were left out before it (grep's `--`). */
export interface ShownLine {
  line: LogLine
  hit: boolean
  gap: boolean
}

/**
 * The lines to draw for a search: every line without a term; with one, the matching lines and `context` lines
 * before and after each (dimmed when drawn), a gap marked where lines were left out (with context only, as grep). One pass over the lines
 * and one over the matches, so 50,000 lines stay fast.
 */
export function searchLines(lines: readonly LogLine[], term: string, context: number): ShownLine[] {
  if (!term) return lines.map((line) => ({ line, hit: false, gap: false }))
  const hit = new Uint8Array(lines.length)
  const hits: number[] = []
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].text.toLowerCase().includes(term)) {
      hit[i] = 1
      hits.push(i)
    }
  }
  const out: ShownLine[] = []
  let next = 0 // the first line not drawn yet
  for (const h of hits) {
    const from = Math.max(next, h - context)
    const to = Math.min(lines.length - 1, h + context)
    for (let i = from; i <= to; i++) out.push({ line: lines[i], hit: hit[i] === 1, gap: context > 0 && i === from && from > next && out.length > 0 })
    next = Math.max(next, to + 1)
  }
  return out
}

/** Where the person is reading: the first drawn line at the top of the panel, and how far below the top it is. */
export interface Anchor {
  time: string | null
  text: string
  offset: number
  /** How many lines from the newest it was (1: the newest). */
  fromEnd: number
}

/** The anchor of the line the panel shows at its top (`offset` px below the panel's top edge), or null with none. */
export function readingAnchor(top: { seq: number; offset: number } | null, lines: readonly LogLine[]): Anchor | null {
  if (!top) return null
  const at = lines.findIndex((l) => l.seq === top.seq)
  if (at < 0) return null
  return { time: lines[at].time, text: lines[at].text, offset: top.offset, fromEnd: lines.length - at }
}

/**
 * The anchor's line in a wider window: the newest line with its kubelet time and text; else (no time, or a time that
 * is not the same from one read to the next) the line as far from the newest as it was, when its text is the same.
 */
export function findAnchor(lines: readonly LogLine[], anchor: Anchor, exactOnly = false): LogLine | undefined {
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i].text === anchor.text && lines[i].time === anchor.time) return lines[i]
  if (exactOnly) return undefined
  const same = lines[lines.length - anchor.fromEnd]
  return same?.text === anchor.text ? same : undefined
}

/**
 * Whether the drawn lines' times need their date: the first and the last timed line fall on different days in the
 * viewer's time zone. Lines are kept in time order (those without a time last), so their ends suffice.
 */
export function spansDays(shown: readonly ShownLine[]): boolean {
  let first = 0
  let last = shown.length - 1
  while (first < shown.length && !shown[first].line.time) first++
  while (last > first && !shown[last].line.time) last--
  if (last <= first) return false
  const a = logDate(shown[first].line.time!)
  const b = logDate(shown[last].line.time!)
  return a !== null && b !== null && a.toDateString() !== b.toDateString()
}

/**
 * The log panel's wrapping: lines always wrap at spaces; with Wrap on, a word longer than the panel breaks too
 * (`overflow-wrap: anywhere`), with it off such a word runs on and the panel scrolls sideways.
 */
export const wrapClass = (wrap: boolean) => (wrap ? 'whitespace-pre-wrap wrap-anywhere' : 'whitespace-pre-wrap')
