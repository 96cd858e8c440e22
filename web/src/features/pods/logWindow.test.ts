import { expect, test } from 'vitest'
import { MAX_TAIL_LINES, olderWindow, POD_STEPS, readingAnchor, readWindow, searchLines, spansDays, windowPatch, windowQuery } from './logWindow'
import { formatLogTime, type LogLine } from './workloadLogs'

const lines = (...texts: string[]): LogLine[] => texts.map((text, seq) => ({ seq, pod: 'p', container: 'c', time: null, key: null, text }))
const drawn = (shown: ReturnType<typeof searchLines>) => shown.map((s) => `${s.gap ? '-- ' : ''}${s.hit ? '*' : ''}${s.line.text}`)

test('a window from the URL, and what the server is asked for', () => {
  expect(readWindow('500', '')).toEqual({ lines: 500, since: null })
  expect(readWindow('2000', '6h')).toEqual({ lines: null, since: '6h' })
  expect(windowQuery({ lines: 10_000, since: null }, POD_STEPS)).toEqual({ tailLines: 10_000 })
  // A while ago is capped at the largest tail.
  expect(windowQuery({ lines: null, since: '24h' }, POD_STEPS)).toEqual({ tailLines: MAX_TAIL_LINES, sinceSeconds: 86_400 })
  expect(windowPatch('since:15m')).toEqual({ since: '15m' })
  expect(windowPatch('lines:2000')).toEqual({ lines: '2000', since: '' })
})

test('older windows widen up to 50,000 lines or 24 h, then there are none', () => {
  const steps: (number | null)[] = []
  for (let w = readWindow('500', ''); w; w = olderWindow(w, POD_STEPS)!) {
    steps.push(w.lines)
    if (!olderWindow(w, POD_STEPS)) break
  }
  expect(steps).toEqual([500, 2_000, 10_000, 50_000])
  expect(olderWindow({ lines: MAX_TAIL_LINES, since: null }, POD_STEPS)).toBeNull()
  expect(olderWindow({ lines: null, since: '15m' }, POD_STEPS)).toEqual({ lines: null, since: '1h' })
  expect(olderWindow({ lines: null, since: '24h' }, POD_STEPS)).toBeNull()
})

test('search context: matches and the lines around them, overlapping contexts merged, gaps marked', () => {
  const log = lines('a', 'x1', 'b', 'c', 'x2', 'd', 'e', 'f', 'g', 'x3')
  expect(drawn(searchLines(log, '', 2))).toHaveLength(10)
  expect(drawn(searchLines(log, 'x', 0))).toEqual(['*x1', '*x2', '*x3'])
  expect(drawn(searchLines(log, 'x', 1))).toEqual(['a', '*x1', 'b', 'c', '*x2', 'd', '-- g', '*x3'])
  // x2's context reaches back over x1's: one run, no line twice.
  expect(drawn(searchLines(log, 'x', 3))).toEqual(['a', '*x1', 'b', 'c', '*x2', 'd', 'e', 'f', 'g', '*x3'])
  expect(drawn(searchLines(log, 'nothing', 5))).toEqual([])
})

test('search context stays fast on 50,000 lines', () => {
  const big = lines(...Array.from({ length: MAX_TAIL_LINES }, (_, i) => (i % 97 === 0 ? `level=ERROR request ${i}` : `level=info request ${i} served`)))
  const start = performance.now()
  const shown = searchLines(big, 'error', 5)
  expect(performance.now() - start).toBeLessThan(500)
  expect(shown.filter((s) => s.hit)).toHaveLength(Math.ceil(MAX_TAIL_LINES / 97))
  expect(shown).toHaveLength(Math.ceil(MAX_TAIL_LINES / 97) * 11 - 5 /* the first match has no lines before it */)
})

test('the line being read is found again by its time and text, else by its distance from the newest line', async () => {
  const { findAnchor } = await import('./logWindow')
  const read = (time: string | null, text: string, seq: number): LogLine => ({ seq, pod: 'p', container: 'c', time, key: null, text })
  const wider = [read('T1', 'GET /healthz', 0), read('T2', 'GET /healthz', 1), read('T3', 'panic', 2), read('T4', 'GET /healthz', 3)]
  expect(findAnchor(wider, { time: 'T2', text: 'GET /healthz', offset: 0, fromEnd: 9 })?.seq).toBe(1)
  // Without the same time (a log read without stamps): the line as far from the newest as before, if its text matches.
  expect(findAnchor(wider, { time: null, text: 'GET /healthz', offset: 0, fromEnd: 3 })?.seq).toBe(1)
  expect(findAnchor(wider, { time: null, text: 'panic', offset: 0, fromEnd: 3 })).toBeUndefined()
  expect(findAnchor(wider, { time: null, text: 'GET /healthz', offset: 0, fromEnd: 3 }, true)).toBeUndefined()
})

test("the reading anchor is the panel's top line, by its time and text and how far from the newest it is", () => {
  const log = lines('a', 'b', 'c', 'd')
  expect(readingAnchor({ seq: 1, offset: -7 }, log)).toEqual({ time: null, text: 'b', offset: -7, fromEnd: 3 })
  expect(readingAnchor({ seq: 99, offset: 0 }, log)).toBeNull()
  expect(readingAnchor(null, log)).toBeNull()
})

test("times need their date only when the lines shown span more than one day in the reader's time zone", () => {
  // Local times (the Date constructor's), so the days are the reader's whatever zone the tests run in.
  const at = (...parts: [number, number, number, number, number, number, number]) => new Date(...parts).toISOString()
  const timed = (...times: (string | null)[]) => searchLines(times.map((time, seq) => ({ seq, pod: 'p', container: 'c', time, key: null, text: `l${seq}` })), '', 0)
  const lastMoment = at(2026, 11, 6, 23, 59, 59, 999)
  const midnight = at(2026, 11, 7, 0, 0, 0, 0)
  expect(spansDays(timed(lastMoment, midnight))).toBe(true)
  expect(spansDays(timed(at(2026, 11, 7, 0, 0, 0, 0), at(2026, 11, 7, 23, 59, 59, 999)))).toBe(false)
  // A year apart on the same day of the month is still another day.
  expect(spansDays(timed(at(2025, 11, 6, 12, 0, 0, 0), at(2026, 11, 6, 12, 0, 0, 0)))).toBe(true)
  // Lines without a time (they come last) and a single timed line say nothing about days.
  expect(spansDays(timed(lastMoment, null, null))).toBe(false)
  expect(spansDays(timed(null))).toBe(false)
  expect(spansDays(timed())).toBe(false)
  // The kubelet's nanoseconds are read.
  expect(spansDays(timed(lastMoment.replace('.999Z', '.999999999Z'), midnight.replace('.000Z', '.000000001Z')))).toBe(true)

  expect(formatLogTime(lastMoment.replace('.999Z', '.999123456Z'))).toBe('23:59:59.999')
  expect(formatLogTime(midnight, true)).toBe('Dec 07 00:00:00.000')
  expect(formatLogTime(at(2026, 0, 5, 8, 4, 3, 21), true)).toBe('Jan 05 08:04:03.021')
  expect(formatLogTime('not a time', true)).toBe('not a time')
})
