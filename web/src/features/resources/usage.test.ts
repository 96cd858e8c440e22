import { expect, test } from 'vitest'
import type { DiscoveredKind, KubeList } from './api'
import { buildListModel } from './listModel'
import { allocatableByNode, bytes, formatCpu, formatMemory, metricsKindFor, millicores, percentOf, readableAmount, usageByKey, withUsageColumns } from './usage'

test('CPU and memory quantities as the metrics API writes them, printed as kubectl top does', () => {
  expect(millicores('250m')).toBe(250)
  expect(millicores('2')).toBe(2000)
  expect(millicores('123456789n')).toBeCloseTo(123.456789)
  expect(millicores('1500u')).toBe(1.5)
  expect(millicores('lots')).toBeNaN()
  expect(bytes('512Mi')).toBe(512 * 1024 ** 2)
  expect(bytes('1G')).toBe(1e9)
  expect(bytes('1048576')).toBe(1048576)
  expect(bytes('12Ki')).toBe(12 * 1024)
  expect(formatCpu(250)).toBe('250m')
  expect(formatCpu(12_400)).toBe('12')
  expect(formatMemory(512 * 1024 ** 2)).toBe('512Mi')
  expect(formatMemory(12 * 1024 ** 3)).toBe('12Gi')
})

test('only Pods and Nodes lists of a cluster that serves the metrics API get usage', () => {
  const kinds = [{ group: 'metrics.k8s.io', version: 'v1beta1', plural: 'pods' }, { group: 'metrics.k8s.io', version: 'v1beta1', plural: 'nodes' }] as DiscoveredKind[]
  expect(metricsKindFor('core', 'pods', kinds)?.version).toBe('v1beta1')
  expect(metricsKindFor('core', 'nodes', kinds)?.plural).toBe('nodes')
  expect(metricsKindFor('core', 'configmaps', kinds)).toBeUndefined()
  expect(metricsKindFor('apps', 'deployments', kinds)).toBeUndefined()
  expect(metricsKindFor('core', 'pods', [])).toBeUndefined()
})

test("a pod's usage is its containers' sum; the columns go before Age, sort by amount, and a pod without a sample shows a dash", () => {
  const podMetrics: KubeList = {
    kind: 'PodMetricsList',
    metadata: {},
    items: [
      { metadata: { name: 'web-1', namespace: 'shop' }, containers: [{ usage: { cpu: '200m', memory: '100Mi' } }, { usage: { cpu: '50000000n', memory: '28Mi' } }] },
      { metadata: { name: 'db-1', namespace: 'shop' }, containers: [{ usage: { cpu: '1', memory: '2Gi' } }] },
    ],
  } as unknown as KubeList
  const usage = usageByKey(podMetrics)
  expect(usage.get('shop/web-1')).toEqual({ cpu: 250, memory: 128 * 1024 ** 2 })

  const now = Date.parse('2026-12-05T12:00:00Z')
  const pods: KubeList = {
    kind: 'PodList',
    metadata: {},
    items: ['web-1', 'db-1', 'batch-1'].map((name) => ({ metadata: { name, namespace: 'shop', creationTimestamp: '2026-12-05T11:00:00Z' } })),
  }
  const model = withUsageColumns(buildListModel({ format: 'list', body: pods }, { showNamespace: false, now }), usage)
  const headers = model.columns.map((c) => c.header)
  expect(headers.slice(-3)).toEqual(['CPU', 'Memory', 'Age'])
  const cpu = headers.indexOf('CPU')
  expect(model.rows.map((r) => [r.name, r.cells[cpu], r.cells[cpu + 1]])).toEqual([
    ['web-1', '250m', '128Mi'],
    ['db-1', '1000m', '2048Mi'],
    ['batch-1', '—', '—'],
  ])
  expect(model.rows.map((r) => r.sort[cpu])).toEqual([250, 1000, -1])
  // Node metrics carry one usage for the whole node.
  expect(usageByKey({ kind: 'NodeMetricsList', metadata: {}, items: [{ metadata: { name: 'n1' }, usage: { cpu: '3500m', memory: '6Gi' } }] } as unknown as KubeList).get('n1'))
    .toEqual({ cpu: 3500, memory: 6 * 1024 ** 3 })
})

test("on nodes, usage is also a share of the node's allocatable, cut to a whole percent as kubectl top nodes prints it", () => {
  const usage = usageByKey({
    kind: 'NodeMetricsList',
    metadata: {},
    items: [
      { metadata: { name: 'n1' }, usage: { cpu: '1999m', memory: '7Gi' } },
      { metadata: { name: 'n2' }, usage: { cpu: '250m', memory: '1Gi' } },
      { metadata: { name: 'n3' }, usage: { cpu: '100m', memory: '1Gi' } },
    ],
  } as unknown as KubeList)
  // n2's kubelet reports no memory; n3 is not in the answer (a node that joined since); n4 has no sample.
  const allocatable = allocatableByNode({ n1: { cpu: '3920m', memory: '14Gi' }, n2: { cpu: '2', memory: null }, n4: { cpu: '4', memory: '16Gi' } })
  expect(allocatable.get('n1')).toEqual({ cpu: 3920, memory: 14 * 1024 ** 3 })
  expect(percentOf(1999, 3920)).toBe(50) // 50.99…: kubectl cuts, it does not round
  expect(percentOf(10, 0)).toBeUndefined()
  expect(percentOf(10, NaN)).toBeUndefined()
  expect(percentOf(10, undefined)).toBeUndefined()

  const nodes: KubeList = { kind: 'NodeList', metadata: {}, items: ['n1', 'n2', 'n3', 'n4'].map((name) => ({ metadata: { name } })) }
  const now = Date.parse('2026-12-05T12:00:00Z')
  const model = withUsageColumns(buildListModel({ format: 'list', body: nodes }, { showNamespace: false, now, kind: { group: 'core', plural: 'nodes' } }), usage, allocatable)
  const headers = model.columns.map((c) => c.header)
  const cpu = headers.indexOf('CPU')
  expect(headers.slice(cpu, cpu + 4)).toEqual(['CPU', 'CPU %', 'Memory', 'Memory %'])
  expect(model.rows.map((r) => [r.name, ...r.cells.slice(cpu, cpu + 4)])).toEqual([
    ['n1', '1999m', '50%', '7168Mi', '50%'],
    ['n2', '250m', '12%', '1024Mi', '—'],
    ['n3', '100m', '—', '1024Mi', '—'],
    ['n4', '—', '—', '—', '—'],
  ])
  // Shares sort by amount; a dash sorts below every share, as the usage columns' dashes do.
  expect(model.rows.map((r) => r.sort[cpu + 1])).toEqual([50, 12, -1, -1])
  // Without allocatable (not read yet, or refused) the two usage columns stand alone.
  expect(withUsageColumns(buildListModel({ format: 'list', body: nodes }, { showNamespace: false, now }), usage).columns.map((c) => c.header)).not.toContain('CPU %')
})

test("a node's memory and storage read in GiB; other resources as the node reports them", () => {
  expect(readableAmount('memory', '15136372Ki')).toBe('14.4Gi')
  expect(readableAmount('memory', '16Gi')).toBe('16Gi')
  expect(readableAmount('ephemeral-storage', '524288Ki')).toBe('512Mi')
  expect(readableAmount('hugepages-2Mi', '0')).toBe('0Mi')
  expect(readableAmount('cpu', '3920m')).toBe('3920m')
  expect(readableAmount('pods', '110')).toBe('110')
  expect(readableAmount('memory', 'lots')).toBe('lots')
  expect(readableAmount('memory', undefined)).toBe('?')
})
