import { expect, test } from 'vitest'
import { quantityValue, quotaRowsOf, quotaTone } from './quotaModel'

test('quantities in every suffix kubectl writes, and what is not one', () => {
  expect(quantityValue('250m')).toBeCloseTo(0.25)
  expect(quantityValue('4')).toBe(4)
  expect(quantityValue('8Gi')).toBe(8 * 2 ** 30)
  expect(quantityValue('1G')).toBe(1e9)
  expect(quantityValue('1e3')).toBe(1000)
  expect(quantityValue('100n')).toBeCloseTo(1e-7)
  expect(quantityValue('lots')).toBeNaN()
})

test("a quota's rows: used against hard per resource, how full, a missing used as 0, and the status's hard before the spec's", () => {
  const rows = quotaRowsOf({
    kind: 'ResourceQuota',
    metadata: { name: 'compute', namespace: 'checkout' },
    spec: { hard: { pods: '99' } },
    status: { hard: { pods: '20', 'requests.cpu': '4', 'requests.memory': '8Gi', 'count/jobs.batch': '10' }, used: { pods: '19', 'requests.cpu': '3800m', 'requests.memory': '8Gi' } },
  })
  expect(rows.map((r) => [r.resource, r.used, r.hard])).toEqual([
    ['count/jobs.batch', '0', '10'],
    ['pods', '19', '20'],
    ['requests.cpu', '3800m', '4'],
    ['requests.memory', '8Gi', '8Gi'],
  ])
  expect(rows.map((r) => quotaTone(r.ratio))).toEqual(['neutral', 'warning', 'warning', 'danger'])
  expect(rows[2].ratio).toBeCloseTo(0.95)
  expect(quotaRowsOf({ kind: 'ConfigMap', metadata: { name: 'x' } })).toEqual([])
})
