import { expect, test } from 'vitest'
import type { KubeObject } from './api'
import { jobDuration } from './jobDuration'

const job = (status?: object) => ({ metadata: { name: 'settle' }, ...(status ? { status } : {}) }) as KubeObject
const NOW = Date.parse('2026-12-06T13:14:00Z')

test('a Job runs from its start to its completion, to its failure, or to now while it runs; not at all before it starts', () => {
  expect(jobDuration(job({ startTime: '2026-12-06T10:00:00Z', completionTime: '2026-12-06T10:01:05Z', conditions: [{ type: 'Complete', status: 'True' }] }), NOW)).toEqual({ seconds: 65, finished: true })
  expect(jobDuration(job({ startTime: '2026-12-06T11:03:00Z', conditions: [{ type: 'Failed', status: 'True', lastTransitionTime: '2026-12-06T11:06:10Z' }] }), NOW)).toEqual({ seconds: 190, finished: true })
  // A Failed condition that does not hold (status False) ends nothing.
  expect(jobDuration(job({ startTime: '2026-12-06T13:00:00Z', conditions: [{ type: 'Failed', status: 'False', lastTransitionTime: '2026-12-06T13:01:00Z' }] }), NOW)).toEqual({ seconds: 840, finished: false })
  expect(jobDuration(job({}), NOW)).toBeUndefined()
  expect(jobDuration(job(), NOW)).toBeUndefined()
})
