import { expect, test } from 'vitest'
import type { KubeObject } from './api'
import { annotationValue, conditionsOf, containersOf, podSelectorOf } from './summaryModel'

const pod: KubeObject = {
  kind: 'Pod',
  metadata: { name: 'ledger-worker-1', namespace: 'payments' },
  spec: {
    initContainers: [{ name: 'migrate', image: 'ledger:1.8.0' }],
    containers: [
      { name: 'worker', image: 'ledger:1.8.0' },
      { name: 'proxy', image: 'envoy:1.30' },
      { name: 'metrics', image: 'exporter:2' },
    ],
  },
  status: {
    initContainerStatuses: [{ name: 'migrate', ready: false, restartCount: 0, state: { terminated: { reason: 'Completed', exitCode: 0 } } }],
    containerStatuses: [
      { name: 'worker', ready: false, restartCount: 17, state: { waiting: { reason: 'CrashLoopBackOff' } } },
      { name: 'proxy', ready: true, restartCount: 0, state: { running: { startedAt: '2026-12-01T00:00:00Z' } } },
      { name: 'metrics', ready: false, restartCount: 1, state: { terminated: { reason: 'Error', exitCode: 137 } } },
    ],
    conditions: [
      { type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [worker]', lastTransitionTime: '2026-12-01T00:00:00Z' },
      { type: 'PodScheduled', status: 'True' },
    ],
  },
}

test('a pod: init containers first, each with kubectl\'s state word, readiness and restarts', () => {
  expect(containersOf(pod)).toEqual([
    { name: 'migrate', image: 'ledger:1.8.0', init: true, state: 'Completed', tone: 'success', ready: false, restarts: 0 },
    { name: 'worker', image: 'ledger:1.8.0', init: false, state: 'CrashLoopBackOff', tone: 'danger', ready: false, restarts: 17 },
    { name: 'proxy', image: 'envoy:1.30', init: false, state: 'Running', tone: 'success', ready: true, restarts: 0 },
    { name: 'metrics', image: 'exporter:2', init: false, state: 'Error (exit 137)', tone: 'danger', ready: false, restarts: 1 },
  ])
})

test('workloads show their template\'s containers (CronJobs through the job template), without states', () => {
  const deployment: KubeObject = { kind: 'Deployment', metadata: { name: 'web' }, spec: { template: { spec: { containers: [{ name: 'web', image: 'web:2' }] } } } }
  const cronJob: KubeObject = {
    kind: 'CronJob',
    metadata: { name: 'report' },
    spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'report', image: 'report:1' }] } } } } },
  }
  expect(containersOf(deployment)).toEqual([{ name: 'web', image: 'web:2', init: false }])
  expect(containersOf(cronJob)).toEqual([{ name: 'report', image: 'report:1', init: false }])
  expect(containersOf({ kind: 'ConfigMap', metadata: { name: 'c' } })).toEqual([])
})

test('conditions keep the apiserver\'s order; True is good except where it means trouble', () => {
  expect(conditionsOf(pod).map((c) => [c.type, c.tone, c.reason, c.since])).toEqual([
    ['Ready', 'warning', 'ContainersNotReady', '2026-12-01T00:00:00Z'],
    ['PodScheduled', 'success', undefined, undefined],
  ])
  const node: KubeObject = { kind: 'Node', metadata: { name: 'n' }, status: { conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'DiskPressure', status: 'True' }, { type: 'Ready', status: 'Unknown' }] } }
  expect(conditionsOf(node).map((c) => c.tone)).toEqual(['success', 'warning', 'warning'])
})

test('the pods a workload runs or a Service routes to, as a label selector the list page takes', () => {
  const deployment: KubeObject = {
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      selector: {
        matchLabels: { app: 'web' },
        matchExpressions: [
          { key: 'tier', operator: 'In', values: ['front', 'edge'] },
          { key: 'canary', operator: 'DoesNotExist' },
          { key: 'track', operator: 'NotIn', values: ['beta'] },
          { key: 'team', operator: 'Exists' },
        ],
      },
      template: { spec: { containers: [] } },
    },
  }
  expect(podSelectorOf(deployment)).toBe('app=web,tier in (front,edge),!canary,track notin (beta),team')
  expect(podSelectorOf({ kind: 'Service', metadata: { name: 's' }, spec: { selector: { app: 'web', tier: 'front' } } })).toBe('app=web,tier=front')
  expect(podSelectorOf({ kind: 'Service', metadata: { name: 'external' }, spec: { type: 'ExternalName' } })).toBeUndefined()
  // A PodDisruptionBudget selects pods too, but has no template of its own: no link from here.
  expect(podSelectorOf({ kind: 'PodDisruptionBudget', metadata: { name: 'p' }, spec: { selector: { matchLabels: { app: 'web' } } } })).toBeUndefined()
})

test('the applied-configuration annotation is named, not shown; long values are cut', () => {
  expect(annotationValue('kubectl.kubernetes.io/last-applied-configuration', '{"apiVersion":"v1"}')).toBe('(the last applied manifest: see YAML)')
  expect(annotationValue('deployment.kubernetes.io/revision', '3')).toBe('3')
  expect(annotationValue('note', 'x'.repeat(200))).toHaveLength(118)
})
