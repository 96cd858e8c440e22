import { expect, test } from 'vitest'
import type { KubeObject } from './api'
import { autoscalerFactsOf, autoscalerOf, metricsLine } from './autoscalerModel'

const hpa = (name: string, spec: Record<string, unknown>, status: Record<string, unknown> = {}): KubeObject => ({
  kind: 'HorizontalPodAutoscaler',
  metadata: { name, namespace: 'shop' },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name }, ...spec },
  status,
})

test('a v2 autoscaler: bounds, replicas and each metric current over target, as kubectl get hpa prints them', () => {
  const facts = autoscalerFactsOf(
    hpa('web', {
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
        { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '400Mi' } } },
        { type: 'Pods', pods: { metric: { name: 'queue_depth' }, target: { type: 'AverageValue', averageValue: '30' } } },
        { type: 'External', external: { metric: { name: 'sqs_visible' }, target: { type: 'Value', value: '100' } } },
      ],
    }, {
      currentReplicas: 4,
      desiredReplicas: 5,
      lastScaleTime: '2026-12-06T10:00:00Z',
      currentMetrics: [
        { type: 'Resource', resource: { name: 'memory', current: { averageValue: '310Mi' } } },
        { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 82, averageValue: '410m' } } },
        { type: 'Pods', pods: { metric: { name: 'queue_depth' }, current: { averageValue: '12' } } },
      ],
      conditions: [{ type: 'ScalingLimited', status: 'False', reason: 'DesiredWithinRange' }],
    }),
  )
  expect(facts).toEqual({
    target: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    min: 2,
    max: 10,
    current: 4,
    desired: 5,
    lastScale: '2026-12-06T10:00:00Z',
    metrics: [
      { name: 'cpu', current: '82%', target: '70%' },
      { name: 'memory', current: '310Mi', target: '400Mi' },
      { name: 'queue_depth', current: '12', target: '30' },
      { name: 'sqs_visible', current: '<unknown>', target: '100' },
    ],
    limited: undefined,
  })
  expect(metricsLine(facts?.metrics ?? [])).toBe('cpu 82%/70%, memory 310Mi/400Mi, queue_depth 12/30, sqs_visible <unknown>/100')
})

test('held at its maximum is ScalingLimited True with its reason; a v1 autoscaler has one CPU target; min defaults to 1', () => {
  const atMax = autoscalerFactsOf(hpa('web', { maxReplicas: 2 }, {
    conditions: [{ type: 'ScalingLimited', status: 'True', reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' }],
  }))
  expect(atMax?.min).toBe(1)
  expect(atMax?.limited).toEqual({ reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' })
  expect(autoscalerFactsOf(hpa('v1', { maxReplicas: 5, targetCPUUtilizationPercentage: 80 }, { currentCPUUtilizationPercentage: 35 }))?.metrics)
    .toEqual([{ name: 'cpu', current: '35%', target: '80%' }])
  expect(autoscalerFactsOf(hpa('fresh', { maxReplicas: 5, targetCPUUtilizationPercentage: 80 }))?.metrics)
    .toEqual([{ name: 'cpu', current: '<unknown>', target: '80%' }])
  expect(autoscalerFactsOf({ kind: 'Deployment', metadata: { name: 'web' } })).toBeUndefined()
})

test("a workload's autoscaler is the one whose scaleTargetRef names its kind and name in its namespace", () => {
  const web = hpa('web', { maxReplicas: 3 })
  const sts = { ...hpa('db', { maxReplicas: 3 }), spec: { scaleTargetRef: { kind: 'StatefulSet', name: 'web' } } }
  const elsewhere = { ...web, metadata: { name: 'web', namespace: 'other' } }
  expect(autoscalerOf([sts, elsewhere, web], 'Deployment', 'shop', 'web')).toBe(web)
  expect(autoscalerOf([sts, elsewhere, web], 'StatefulSet', 'shop', 'web')).toBe(sts)
  expect(autoscalerOf([sts, elsewhere, web], 'ReplicaSet', 'shop', 'web')).toBeUndefined()
})
