import { expect, test } from 'vitest'
import type { KubeObject } from './api'
import { runsOf } from './cronJobRuns'

const NOW = Date.parse('2026-12-06T13:00:00Z')
const cron = { kind: 'CronJob', metadata: { name: 'settle', namespace: 'pay', uid: 'cj-1' } } as KubeObject
const job = (name: string, started: string, status: object, owner = 'cj-1') =>
  ({ kind: 'Job', metadata: { name, ownerReferences: [{ kind: 'CronJob', name: 'settle', uid: owner, controller: true }] }, status: { startTime: started, ...status } }) as unknown as KubeObject

test("a CronJob's runs are its own Jobs, newest first: succeeded with its time, failed with why, or still running", () => {
  const runs = runsOf(cron, [
    job('settle-1', '2026-12-06T10:00:00Z', { completionTime: '2026-12-06T10:01:05Z', conditions: [{ type: 'Complete', status: 'True' }] }),
    job('settle-3', '2026-12-06T12:00:00Z', {}),
    job('other-9', '2026-12-06T12:30:00Z', {}, 'cj-2'),
    job('settle-2', '2026-12-06T11:00:00Z', { conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastTransitionTime: '2026-12-06T11:03:00Z' }] }),
  ], 5, NOW)
  expect(runs).toEqual([
    { job: 'settle-3', started: '2026-12-06T12:00:00Z', seconds: undefined, outcome: 'running', reason: undefined },
    { job: 'settle-2', started: '2026-12-06T11:00:00Z', seconds: 180, outcome: 'failed', reason: 'BackoffLimitExceeded: Job has reached the specified backoff limit' },
    { job: 'settle-1', started: '2026-12-06T10:00:00Z', seconds: 65, outcome: 'succeeded', reason: undefined },
  ])
  expect(runsOf(cron, [job('x', '2026-12-06T10:00:00Z', {})], 0, NOW)).toEqual([])
})
