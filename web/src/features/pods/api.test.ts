import { expect, test } from 'vitest'
import { containerLabel, workloadLogsUrl, type ContainerInfo } from './api'

const c = (o: Partial<ContainerInfo>): ContainerInfo => ({
  name: 'app', kind: 'container', image: 'x', state: 'running', reason: null, ready: true, restartCount: 0, startedAt: null, hasPreviousLogs: false, ...o,
})

test('container picker labels say the kind, state reason and restarts', () => {
  expect(containerLabel(c({}))).toBe('app')
  expect(containerLabel(c({ kind: 'init', name: 'migrate', state: 'terminated', reason: 'Completed' }))).toBe('init: migrate (Completed)')
  expect(containerLabel(c({ state: 'waiting', reason: 'CrashLoopBackOff', restartCount: 12 }))).toBe('app (CrashLoopBackOff, 12 restarts)')
  expect(containerLabel(c({ state: 'waiting', restartCount: 1 }))).toBe('app (waiting, 1 restart)')
})

test("a workload's logs URL encodes every segment, and names one container or all of them, never both", () => {
  const jobs = { cluster: 'eu/prod', group: 'batch', version: 'v1', plural: 'jobs' }
  const q = { container: 'app', allContainers: false, follow: true, previous: true, tailLines: 200 }
  expect(workloadLogsUrl(jobs, 'shop', 'nightly #1', q))
    .toBe('/api/clusters/eu%2Fprod/resources/batch/v1/jobs/shop/nightly%20%231/logs?container=app&follow=true&previous=true&tailLines=200')
  expect(workloadLogsUrl(jobs, 'shop', 'n', { ...q, allContainers: true, timestamps: true }, true))
    .toBe('/api/clusters/eu%2Fprod/resources/batch/v1/jobs/shop/n/logs?allContainers=true&previous=true&tailLines=200&download=true&timestamps=true')
})
