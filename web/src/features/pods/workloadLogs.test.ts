import { expect, test } from 'vitest'
import {
  allEnded, applyEvents, emptyLog, hasWorkloadLogs, insertLines, parseEvents, podColours, POD_COLOURS, podShortName, splitEvents, templateContainers, timeKey,
  type LogLine,
} from './workloadLogs'

const line = (seq: number, time: string | null, text = `l${seq}`): LogLine => ({ seq, pod: 'web-a', container: 'app', time, key: timeKey(time), text })
const texts = (lines: LogLine[]) => lines.map((l) => l.text)

test('an event cut across chunks is read once its line is complete', () => {
  const whole = '{"type":"selector","selector":"app=web","limit":20}\n{"type":"line","pod":"web-a","container":"app","time":null,"text":"héllo"}\n'
  let rest = ''
  const events = []
  for (const chunk of [whole.slice(0, 10), whole.slice(10, 60), whole.slice(60, 61), whole.slice(61)]) {
    const split = splitEvents(rest, chunk)
    events.push(...split.events)
    rest = split.rest
  }
  expect(rest).toBe('')
  expect(events).toEqual([
    { type: 'selector', selector: 'app=web', limit: 20 },
    { type: 'line', pod: 'web-a', container: 'app', time: null, text: 'héllo' },
  ])
  // Nothing complete yet: all of it waits for the next chunk.
  expect(splitEvents('', '{"type":"open"')).toEqual({ events: [], rest: '{"type":"open"' })
})

test('blank lines and unknown event types are skipped; a line that is not JSON is a broken answer', () => {
  expect(parseEvents('\n{"type":"heartbeat"}\n  \n{"type":"end","pod":"p","container":"c"}')).toEqual([{ type: 'end', pod: 'p', container: 'c' }])
  expect(() => parseEvents('<html>')).toThrow(/not JSON/)
})

test('times sort by their value, not their text: fewer fraction digits and a whole second sort right', () => {
  const keys = ['2026-12-06T12:00:01.12Z', '2026-12-06T12:00:01Z', '2026-12-06T12:00:01.1Z', '2026-12-06T12:00:00.999999999Z', '2026-12-06T13:00:01.05+01:00']
    .map((t) => [t, timeKey(t)!] as const)
  expect(keys.sort((a, b) => (a[1] < b[1] ? -1 : 1)).map(([t]) => t)).toEqual([
    '2026-12-06T12:00:00.999999999Z', '2026-12-06T12:00:01Z', '2026-12-06T13:00:01.05+01:00', '2026-12-06T12:00:01.1Z', '2026-12-06T12:00:01.12Z',
  ])
  expect(timeKey(null)).toBeNull()
  expect(timeKey('yesterday')).toBeNull()
})

test('a followed line that arrives late goes in its place by time; equal times keep their arrival order', () => {
  const lines = insertLines([], [line(0, '2026-12-06T12:00:01Z'), line(1, '2026-12-06T12:00:03Z')])
  const next = insertLines(lines, [line(2, '2026-12-06T12:00:02Z'), line(3, '2026-12-06T12:00:04Z'), line(4, '2026-12-06T12:00:00Z'), line(5, '2026-12-06T12:00:02Z')])
  expect(texts(next)).toEqual(['l4', 'l0', 'l2', 'l5', 'l1', 'l3'])
  expect(texts(lines)).toEqual(['l0', 'l1']) // a copy: the old list is unchanged
})

test('lines without a time stay after every timed line', () => {
  const lines = insertLines([], [line(0, '2026-12-06T12:00:01Z'), line(1, null), line(2, '2026-12-06T12:00:00Z'), line(3, '2026-12-06T12:00:02Z'), line(4, null)])
  expect(texts(lines)).toEqual(['l2', 'l0', 'l3', 'l1', 'l4'])
})

test('past the cap the oldest lines are dropped', () => {
  const many = Array.from({ length: 25 }, (_, i) => line(i, `2026-12-06T12:00:${String(i + 10).padStart(2, '0')}Z`))
  const kept = insertLines(many.slice(0, 20), [...many.slice(20), line(99, '2026-12-06T12:00:00Z')], 20)
  expect(kept).toHaveLength(20)
  expect(texts(kept)[0]).toBe('l5')
  expect(texts(kept).at(-1)).toBe('l24')
})

test('events give each container stream its state; an error stays after the end that follows it', () => {
  const log = applyEvents(emptyLog(), [
    { type: 'selector', selector: 'app=web', limit: 20 },
    { type: 'open', pod: 'web-a', container: 'app' },
    { type: 'open', pod: 'web-b', container: 'app' },
    { type: 'line', pod: 'web-b', container: 'app', time: '2026-12-06T12:00:02Z', text: 'b' },
    { type: 'line', pod: 'web-a', container: 'app', time: '2026-12-06T12:00:01Z', text: 'a' },
    { type: 'error', pod: 'web-b', container: 'app', code: 403, message: 'forbidden' },
    { type: 'end', pod: 'web-b', container: 'app' },
    { type: 'skipped', pod: 'web-c', reason: 'no_such_container', message: 'no container app' },
    { type: 'skipped', pod: 'web-d', message: 'from a server that sends no reason' },
  ])
  expect(log.selector).toBe('app=web')
  expect(log.limit).toBe(20)
  expect(texts(log.lines)).toEqual(['a', 'b'])
  expect(log.streams).toEqual([
    { pod: 'web-a', container: 'app', state: 'streaming', message: undefined },
    { pod: 'web-b', container: 'app', state: 'error', message: 'forbidden (403)' },
    { pod: 'web-c', container: null, state: 'skipped', message: 'no container app', reason: 'no_such_container' },
    { pod: 'web-d', container: null, state: 'skipped', message: 'from a server that sends no reason' },
  ])
  expect(allEnded(log)).toBe(false)
  expect(allEnded(applyEvents(log, [{ type: 'end', pod: 'web-a', container: 'app' }]))).toBe(true)
  expect(allEnded(emptyLog())).toBe(false)
  expect(log.failure).toBeNull()
  expect(applyEvents(log, [{ type: 'failed', code: 403, message: 'watching the pods: forbidden' }]).failure).toBe('watching the pods: forbidden (403)')
})

test("a pod's short name drops its workload's name; its colour is the same every time", () => {
  expect(podShortName('web-7d9f-abcde', 'web')).toBe('7d9f-abcde')
  expect(podShortName('web-0', 'web')).toBe('0')
  expect(podShortName('webhook-1', 'web')).toBe('webhook-1')
  expect(podShortName('web-', 'web')).toBe('web-')
  const named = (pods: string[]) => applyEvents(emptyLog(), pods.map((pod) => ({ type: 'open' as const, pod, container: 'app' })))
  const nine = named(['web-a', 'web-b', 'web-c', 'web-d', 'web-e', 'web-f', 'web-g', 'web-h', 'web-i'])
  const colours = podColours(nine)
  expect(new Set(['web-a', 'web-b', 'web-c', 'web-d', 'web-e', 'web-f', 'web-g', 'web-h'].map((p) => colours.get(p)?.text)).size).toBe(8)
  expect(colours.get('web-i')).toBe(POD_COLOURS[0])
  expect(podColours(applyEvents(nine, [{ type: 'open', pod: 'web-a', container: 'sidecar' }])).get('web-b')).toBe(colours.get('web-b'))
})

test('the five workload kinds have merged logs, read from their pod template', () => {
  expect(['apps/deployments', 'apps/statefulsets', 'apps/daemonsets', 'apps/replicasets', 'batch/jobs'].every((k) => hasWorkloadLogs(...(k.split('/') as [string, string])))).toBe(true)
  expect(hasWorkloadLogs('batch', 'cronjobs')).toBe(false)
  expect(hasWorkloadLogs('core', 'pods')).toBe(false)
  expect(templateContainers({ spec: { template: { spec: { containers: [{ name: 'app' }, { name: 'proxy' }] } } } })).toEqual(['app', 'proxy'])
  expect(templateContainers(undefined)).toEqual([])
})
