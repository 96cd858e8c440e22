import { memo, type ReactNode } from 'react'
import { cx } from '../../ui'
import { formatLogTime, type LogLine } from './workloadLogs'

/**
 * A drawn log line: its time when asked for, its source (a workload's pod, coloured) when given, the text with the
 * search term marked (a search's context line dimmed, the match gone to outlined). Memoized so that a new chunk draws
 * only its own lines.
 */
export const LogLineRow = memo(function LogLineRow({ line, source, colour, time, withDate = false, term, dim = false, current = false }: {
  line: LogLine
  /** Where the line comes from (`7d9f-abcde` or `7d9f-abcde/app`), drawn in `colour`. */
  source?: string
  colour?: string
  time: boolean
  /** Times with their date (the lines shown span more than one day). */
  withDate?: boolean
  term: string
  /** A search's context line (not a match): drawn dimmed. */
  dim?: boolean
  /** The match that the search's next/previous buttons went to. */
  current?: boolean
}) {
  // An empty line (the one between a Go panic and its goroutines) keeps a line's height: an empty block would collapse.
  // A hanging indent: a line too long for the panel goes on indented, so its continuation does not read as a line of its own.
  return (
    <span className={cx('block min-h-5 pl-[2ch] -indent-[2ch]', dim && 'opacity-50', current && 'bg-sky-900/70 outline outline-sky-400')} data-seq={line.seq} aria-current={current || undefined}>
      {time && (
        <span className="text-slate-500" title={line.time ?? undefined}>
          {line.time ? formatLogTime(line.time, withDate) : '—'}{' '}
        </span>
      )}
      {source && (
        <>
          <span className={colour}>{source}</span>
          <span className="text-slate-500"> │ </span>
        </>
      )}
      {term ? marked(line.text, term) : line.text}
    </span>
  )
})

/** The text with every occurrence of `term` (lower case; matched ignoring case) marked, not only the first. */
function marked(text: string, term: string): ReactNode {
  const lower = text.toLowerCase()
  const parts: ReactNode[] = []
  let from = 0
  for (let at = lower.indexOf(term); at >= 0; at = lower.indexOf(term, at + term.length)) {
    parts.push(text.slice(from, at), <mark key={at} className="rounded-sm bg-amber-300 text-slate-950">{text.slice(at, at + term.length)}</mark>)
    from = at + term.length
  }
  parts.push(text.slice(from))
  return parts
}
