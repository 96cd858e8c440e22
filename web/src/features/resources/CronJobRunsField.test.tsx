import { screen, within } from '@testing-library/react'
import { afterEach, expect, test, vi } from 'vitest'
import { mockFetch } from '../../test/fetchMock'
import { renderAt } from '../../test/render'
import type { KubeObject } from './api'
import { CronJobRunsField } from './CronJobRunsField'

afterEach(() => vi.unstubAllGlobals())

const settle = { kind: 'CronJob', metadata: { name: 'settle', namespace: 'pay', uid: 'cj-1' } } as KubeObject
const job = (name: string, startTime: string, status: object) => ({
  kind: 'Job', metadata: { name, ownerReferences: [{ kind: 'CronJob', name: 'settle', uid: 'cj-1', controller: true }] }, status: { startTime, ...status },
})

test("a CronJob's recent runs: its namespace's Jobs read whole, its own listed newest first with outcome, time and why a run failed", async () => {
  const fetch = mockFetch({
    '/api/clusters/prod/resources/batch/v1/jobs': { body: { kind: 'JobList', metadata: {}, items: [
      job('settle-1', '2026-12-06T10:00:00Z', { completionTime: '2026-12-06T10:01:05Z', conditions: [{ type: 'Complete', status: 'True' }] }),
      job('settle-2', '2026-12-06T11:00:00Z', { conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', lastTransitionTime: '2026-12-06T11:03:00Z' }] }),
      { kind: 'Job', metadata: { name: 'adhoc' }, status: {} },
    ] } },
  })
  renderAt(<CronJobRunsField cluster="prod" cronJob={settle} />)

  const runs = within(await screen.findByRole('list', { name: 'Recent runs' })).getAllByRole('listitem')
  expect(runs.map((r) => within(r).getByRole('link').textContent)).toEqual(['settle-2', 'settle-1'])
  expect(runs[0]).toHaveTextContent('failed')
  expect(runs[0]).toHaveTextContent('3m')
  expect(runs[0]).toHaveTextContent('BackoffLimitExceeded')
  expect(runs[1]).toHaveTextContent('succeeded')
  expect(runs[1]).toHaveTextContent('65s')
  expect(within(runs[1]).getByRole('link')).toHaveAttribute('href', '/clusters/prod/r/batch/v1/jobs?ns=pay&sel=pay%2Fsettle-1')
  expect(String(fetch.mock.calls[0][0])).toBe('/api/clusters/prod/resources/batch/v1/jobs?namespace=pay&includeObject=Object')
})
