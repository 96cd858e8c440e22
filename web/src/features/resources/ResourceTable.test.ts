import { expect, test } from 'vitest'
import type { ColumnSpec, ResourceRow } from './listModel'
import { columnTemplate, statusTone } from './ResourceTable'

const columns: ColumnSpec[] = [
  { id: 'name', header: 'Name', type: 'text' },
  { id: 'ip', header: 'IP', type: 'text' },
  { id: 'images', header: 'Images', type: 'text' },
  { id: 'restarts', header: 'Restarts', type: 'number' },
]
const row = (cells: string[]): ResourceRow => ({ key: cells[0], name: cells[0], namespace: '', cells, sort: cells, search: '' })
const mins = (t: { cols: string }) => [...t.cols.matchAll(/minmax\(([0-9.]+)rem/g)].map((m) => Number(m[1]))

test('a column is as wide as its header, or its longest sampled cell up to a cap', () => {
  const short = columnTemplate(columns, [row(['a', '', '', '0'])])
  // Images, Restarts: 0.55rem an uppercase letter and 2.6rem of padding and sort arrow, so a sorted header is not cut.
  expect(mins(short)).toEqual([13, 5.5, 5.9, 7])

  const longName = 'checkout-web-3cfef19f-5psc9-extra-long'
  const long = columnTemplate(columns, [row(['web-0', '10.0.100.200', 'x'.repeat(200), '0']), row([longName, '10.0.1.5', '', '17'])])
  const [name, ip, images] = mins(long)
  expect(ip).toBeCloseTo(12 * 0.47 + 1.6) // '10.0.100.200' fits
  expect(name).toBeCloseTo(longName.length * 0.47 + 1.6)
  expect(images).toBe(16) // capped: a long value is cut and read in its title
  expect(long.minWidth).toBe(`${Math.round(mins(long).reduce((a, b) => a + b, 0) * 100) / 100}rem`)
})

test('only the first rows are sampled', () => {
  const rows = Array.from({ length: 300 }, (_, i) => row([`p${i}`, i === 250 ? '10.0.100.200' : '1.2.3.4', '', '0']))
  expect(mins(columnTemplate(columns, rows))[1]).toBe(5.5)
})

test("trouble is coloured: a pod's status, an event's Warning, a custom resource's Ready False; a pod's Ready 0/1 is left to Status", () => {
  expect(statusTone('Status', 'CrashLoopBackOff')).toContain('text-red-700')
  expect(statusTone('Status', 'NotReady')).toContain('text-amber-700')
  expect(statusTone('Type', 'Warning')).toContain('text-amber-700')
  expect(statusTone('Ready', 'False')).toContain('text-amber-700')
  expect(statusTone('Ready', 'True')).toBe(false)
  expect(statusTone('Ready', '0/1')).toBe(false)
  expect(statusTone('Name', 'False')).toBe(false)
})
