import { renderHook } from '@testing-library/react'
import { expect, test } from 'vitest'
import type { KubeObject, KubeTable, ListResponse } from './api'
import { applyChange, buildListModel, filterRows, formatAge, isAfter, newerCopy, timeOf } from './listModel'
import { kubectlColumns } from './kubectlColumns'
import { runsOf } from './cronJobRuns'
import { formatDuration } from '../../lib/age'
import { useResourceTable } from './useResourceTable'

const NOW = Date.parse('2026-11-23T10:00:00Z')

function podTable(n: number): KubeTable {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: '1000' },
    columnDefinitions: [
      { name: 'Name', type: 'string', format: 'name' },
      { name: 'Ready', type: 'string' },
      { name: 'Status', type: 'string' },
      { name: 'Restarts', type: 'integer' },
      { name: 'Age', type: 'string' },
      { name: 'IP', type: 'string', priority: 1 },
    ],
    rows: Array.from({ length: n }, (_, i) => ({
      cells: [`pod-${String(i).padStart(5, '0')}`, '1/1', i % 10 === 0 ? 'CrashLoopBackOff' : 'Running', i % 7, '1d', `10.0.0.${i % 255}`],
      object: {
        metadata: {
          name: `pod-${String(i).padStart(5, '0')}`,
          namespace: `ns-${i % 20}`,
          uid: `uid-${i}`,
          creationTimestamp: new Date(NOW - (i + 1) * 60_000).toISOString(),
        },
      },
    })),
  }
}

test('Table format: priority-0 columns, a Namespace column when listing all namespaces, typed sort values', () => {
  const m = buildListModel({ format: 'table', body: podTable(3) }, { showNamespace: true, now: NOW })
  expect(m.columns.map((c) => c.header)).toEqual(['Namespace', 'Name', 'Ready', 'Status', 'Restarts', 'Age'])
  expect(m.rows[1]).toMatchObject({ key: 'ns-1/pod-00001', cells: ['ns-1', 'pod-00001', '1/1', 'Running', '1', '2m'] })
  expect(m.rows[1].sort[4]).toBe(1)
  expect(m.wideHidden).toEqual(['IP'])
})

test('Table format, wide: the columns of priority above 0 too, as kubectl -o wide', () => {
  const m = buildListModel({ format: 'table', body: podTable(3) }, { showNamespace: false, wide: true, now: NOW })
  expect(m.columns.map((c) => c.header)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP'])
  expect(m.rows[2].cells[5]).toBe('10.0.0.2')
  expect(m.wideHidden).toEqual([])
})

test('plain List format: Name/Namespace/Age derived from metadata', () => {
  const items: KubeObject[] = [{ metadata: { name: 'cm', namespace: 'a', creationTimestamp: new Date(NOW - 3 * 86_400_000).toISOString() } }]
  const m = buildListModel({ format: 'list', body: { kind: 'ConfigMapList', metadata: {}, items } }, { showNamespace: false, now: NOW })
  expect(m.columns.map((c) => c.header)).toEqual(['Name', 'Age'])
  expect(m.rows[0].cells).toEqual(['cm', '3d'])
})

test.each([
  [30_000, '30s'],
  [5 * 60_000 + 3_000, '5m3s'],
  [95 * 60_000, '95m'],
  [5 * 3_600_000 + 60_000 * 7, '5h7m'],
  [30 * 3_600_000, '30h'],
  [3 * 86_400_000, '3d'],
])('formatAge(%i ms) = %s', (ago, s) => expect(formatAge(new Date(NOW - ago).toISOString(), NOW)).toBe(s))

test('10,000 rows: model, filter and the TanStack sort stay fast', () => {
  const m = buildListModel({ format: 'table', body: podTable(10_000) }, { showNamespace: true, now: NOW })
  expect(m.rows).toHaveLength(10_000)
  const crashing = filterRows(m.rows, 'crashloop ns-0')
  expect(crashing.length).toBe(500)

  const { result, rerender } = renderHook(({ sorting }) => useResourceTable(m.columns, m.rows, sorting), {
    initialProps: { sorting: [{ id: 'c:Restarts', desc: true }] },
  })
  const rows = result.current.getRowModel().rows
  expect(rows).toHaveLength(10_000)
  expect(rows[0].original.sort[4]).toBe(6)
  expect(rows[9_999].original.sort[4]).toBe(0)

  rerender({ sorting: [{ id: 'c:Age', desc: false }] })
  expect(result.current.getRowModel().rows[0].original.name).toBe('pod-00000') // newest first
})

test('change events: add, modify and delete rows of a cached Table and List', () => {
  const table: ListResponse = { format: 'table', body: podTable(2) }
  const added = applyChange(table, { type: 'ADDED', object: { metadata: { name: 'new', namespace: 'ns-0', uid: 'u-new', resourceVersion: '1001' } } })
  expect(added.format === 'table' && added.body.rows.at(-1)?.cells).toEqual(['new', '', '', '', '0s', ''])
  expect(added.body.metadata.resourceVersion).toBe('1001')
  const deleted = applyChange(added, { type: 'DELETED', object: { metadata: { name: 'pod-00000', namespace: 'ns-0', uid: 'uid-0' } } })
  expect(deleted.format === 'table' && deleted.body.rows.map((r) => r.cells[0])).toEqual(['pod-00001', 'new'])

  const list: ListResponse = { format: 'list', body: { kind: 'List', metadata: {}, items: [{ metadata: { name: 'a', uid: '1', labels: { v: '1' } } }] } }
  const modified = applyChange(list, { type: 'MODIFIED', object: { metadata: { name: 'a', uid: '1', labels: { v: '2' } } } })
  expect(modified.format === 'list' && modified.body.items).toEqual([{ metadata: { name: 'a', uid: '1', labels: { v: '2' } } }])
})

test('an event older than the copy a row or item holds changes nothing; a newer one, or a deletion, applies', () => {
  const node = (rv: string, unschedulable: boolean) => ({ kind: 'Node', metadata: { name: 'n1', uid: 'n-uid', resourceVersion: rv }, spec: { unschedulable } })
  const table: ListResponse = {
    format: 'table',
    body: { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: '100' }, columnDefinitions: [{ name: 'Name', type: 'string' }], rows: [{ cells: ['n1'], object: node('101', true) }] },
  }

  const stale = applyChange(table, { type: 'MODIFIED', object: node('100', false) })
  expect(stale).toBe(table)
  const newer = applyChange(table, { type: 'MODIFIED', object: node('102', false) })
  expect(newer.format === 'table' && newer.body.rows[0].object?.spec).toEqual({ unschedulable: false })
  const gone = applyChange(table, { type: 'DELETED', object: node('100', true) })
  expect(gone.format === 'table' && gone.body.rows).toEqual([])

  const list: ListResponse = { format: 'list', body: { kind: 'List', metadata: {}, items: [node('101', true)] } }
  expect(applyChange(list, { type: 'MODIFIED', object: node('99', false) })).toBe(list)
})

test('resourceVersions are compared only as plain decimals; otherwise the later arrival is kept', () => {
  expect(isAfter('101', '99')).toBe(true)
  expect(isAfter('99', '101')).toBe(false)
  expect(isAfter('101', '101')).toBe(false)
  expect(isAfter('a7', 'a6')).toBe(false)
  const held = { metadata: { name: 'x', uid: 'u', resourceVersion: '10' } }
  expect(newerCopy(held, { metadata: { name: 'x', uid: 'u', resourceVersion: '9' } })).toBe(held)
  const opaque = { metadata: { name: 'x', uid: 'u', resourceVersion: 'opaque-1' } }
  expect(newerCopy(held, opaque)).toBe(opaque)
  expect(newerCopy(undefined, opaque)).toBe(opaque)
  expect(newerCopy(held, undefined)).toBe(held)
  // Another object under the same name (deleted and made again): its copy is taken, whatever its version.
  const again = { metadata: { name: 'x', uid: 'u2', resourceVersion: '5' } }
  expect(newerCopy(held, again)).toBe(again)
})

test('a changed Table row gets the cells the console can compute at once; the others wait for the next list', () => {
  const table: ListResponse = { format: 'table', body: podTable(2) }
  const pod = {
    metadata: { name: 'pod-00001', namespace: 'ns-0', uid: 'uid-1', resourceVersion: '1002' },
    status: { phase: 'Running', podIP: '10.0.9.9', containerStatuses: [{ ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } } }] },
  }
  const changed = applyChange(table, { type: 'MODIFIED', object: pod }, kubectlColumns('core', 'pods'))
  const row = changed.format === 'table' ? changed.body.rows.find((r) => r.object?.metadata.uid === 'uid-1') : undefined
  // Name and Age are the apiserver's; Ready, Status, Restarts and IP follow the object.
  expect(row?.cells).toEqual(['pod-00001', '0/1', 'CrashLoopBackOff', '3', '1d', '10.0.9.9'])

  const unknownKind = applyChange(table, { type: 'MODIFIED', object: pod })
  expect(unknownKind.format === 'table' && unknownKind.body.rows[1].cells).toEqual(['pod-00001', '1/1', 'Running', 1, '1d', '10.0.0.1'])
})

test('plain List format: Status and Ready columns appear only for objects that have them, and follow changes', () => {
  const deploy = (name: string, replicas: number, ready?: number): KubeObject => ({ metadata: { name, namespace: 'shop', uid: name }, spec: { replicas }, status: ready === undefined ? {} : { readyReplicas: ready } })
  const list: ListResponse = { format: 'list', body: { kind: 'DeploymentList', metadata: {}, items: [deploy('web', 2, 2), deploy('api', 3)] } }
  const m = buildListModel(list, { showNamespace: false, now: NOW })
  expect(m.columns.map((c) => c.header)).toEqual(['Name', 'Ready', 'Age'])
  expect(m.rows.map((r) => r.cells[1])).toEqual(['2/2', '0/3'])
  const changed = applyChange(list, { type: 'MODIFIED', object: deploy('web', 4, 2) })
  expect(buildListModel(changed, { showNamespace: false, now: NOW }).rows.find((r) => r.name === 'web')?.cells[1]).toBe('2/4')

  const crashing = { metadata: { name: 'q', uid: 'q' }, status: { phase: 'Running', containerStatuses: [{ state: { waiting: { reason: 'CrashLoopBackOff' } } }] } }
  const pods: ListResponse = { format: 'list', body: { kind: 'PodList', metadata: {}, items: [{ metadata: { name: 'p', uid: 'p' }, status: { phase: 'Running' } }, crashing] } }
  const pm = buildListModel(pods, { showNamespace: false, now: NOW })
  expect(pm.columns.map((c) => c.header)).toEqual(['Name', 'Status', 'Age'])
  expect(pm.rows.map((r) => r.cells[1])).toEqual(['Running', 'CrashLoopBackOff'])
  expect(filterRows(pm.rows, 'running')).toHaveLength(1)
  const cms: ListResponse = { format: 'list', body: { kind: 'ConfigMapList', metadata: {}, items: [{ metadata: { name: 'c', uid: 'c' } }] } }
  expect(buildListModel(cms, { showNamespace: false, now: NOW }).columns.map((c) => c.header)).toEqual(['Name', 'Age'])
})

test("kubectl's human durations (an event's Last Seen) sort by how long ago, not as text", () => {
  const now = Date.parse('2026-12-05T12:00:00Z')
  expect(timeOf('89s', now)).toBe(now - 89_000)
  expect(timeOf('5m10s', now)).toBe(now - 310_000)
  expect(timeOf('2d3h', now)).toBe(now - (2 * 24 + 3) * 3_600_000)
  expect(timeOf('2026-12-05T11:00:00Z', now)).toBe(now - 3_600_000)
  expect(timeOf('<unknown>', now)).toBeNaN()
  expect(timeOf('', now)).toBeNaN()
  const events: KubeTable = {
    kind: 'Table',
    metadata: {},
    columnDefinitions: [
      { name: 'Last Seen', type: 'string' },
      { name: 'Type', type: 'string' },
    ],
    rows: ['9s', '10m', '89s', '2h'].map((seen, i) => ({ cells: [seen, 'Normal'], object: { metadata: { name: `e${i}`, namespace: 'a' } } })),
  }
  const model = buildListModel({ format: 'table', body: events }, { showNamespace: false, now })
  const byLastSeen = [...model.rows].sort((a, b) => (a.sort[0] as number) - (b.sort[0] as number)).map((r) => r.cells[0])
  expect(byLastSeen).toEqual(['9s', '89s', '10m', '2h'])
  expect(model.columns[0].type).toBe('age')
})

test("a Job's Duration is how long it ran: a failed Job's ends at its failure (the apiserver's cell runs on to now), as in a CronJob's recent runs", () => {
  const now = Date.parse('2026-12-06T13:14:00Z')
  const owner = [{ kind: 'CronJob', name: 'settlement', uid: 'cj', controller: true }]
  const job = (name: string, status?: object) => ({ metadata: { name, namespace: 'pay', uid: name, ownerReferences: owner }, ...(status ? { status } : {}) }) as KubeObject
  const failed = job('settlement-29399880', {
    startTime: '2026-12-06T11:03:00Z',
    conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', lastTransitionTime: '2026-12-06T11:06:10Z' }],
  })
  const running = job('settlement-29399940', { startTime: '2026-12-06T13:00:00Z' })
  const complete = job('settlement-29399820', { startTime: '2026-12-06T10:00:00Z', completionTime: '2026-12-06T10:01:05Z', conditions: [{ type: 'Complete', status: 'True' }] })
  const jobs: KubeTable = {
    kind: 'Table',
    metadata: {},
    columnDefinitions: [
      { name: 'Name', type: 'string' },
      { name: 'Duration', type: 'string' },
    ],
    rows: [
      { cells: [failed.metadata.name, '131m'], object: failed },
      { cells: [running.metadata.name, '14m'], object: running },
      { cells: [complete.metadata.name, '65s'], object: complete },
      // Metadata only (not asked whole): the apiserver's cell stays.
      { cells: ['adhoc', '7m'], object: job('adhoc') },
    ],
  }
  const model = buildListModel({ format: 'table', body: jobs }, { showNamespace: false, now, kind: { group: 'batch', plural: 'jobs' } })
  expect(model.rows.map((r) => r.cells[1])).toEqual(['3m10s', '14m', '65s', '7m'])
  const shortestFirst = [...model.rows].sort((a, b) => (a.sort[1] as number) - (b.sort[1] as number)).map((r) => r.cells[1])
  expect(shortestFirst).toEqual(['65s', '3m10s', '7m', '14m'])
  // The CronJob's recent runs say the same of the same Job.
  const cron = { metadata: { name: 'settlement', namespace: 'pay', uid: 'cj' } } as KubeObject
  expect(runsOf(cron, [failed, complete], 5, now).map((r) => r.seconds && formatDuration(r.seconds))).toEqual(['3m10s', '65s'])
})
