import { expect, test } from 'vitest'
import type { DiscoveredKind } from './api'
import { buildSections, kindLabel } from './groups'

const k = (group: string, version: string, kind: string, plural: string, verbs = ['get', 'list', 'watch']): DiscoveredKind => ({
  group, version, kind, plural, verbs, namespaced: true, shortNames: [], subresources: [], actions: [],
})

test('discovery kinds land in their sections, known kinds in a fixed order, CRDs under Custom resources', () => {
  const sections = buildSections('prod', [
    k('apps', 'v1', 'Deployment', 'deployments'),
    k('', 'v1', 'Pod', 'pods'),
    k('core', 'v1', 'Secret', 'secrets'),
    k('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies'),
    k('karpenter.sh', 'v1', 'NodePool', 'nodepools'),
    k('karpenter.sh', 'v1beta1', 'NodePool', 'nodepools'),
    k('', 'v1', 'Binding', 'bindings', ['create']),
    k('', 'v1', 'Pod', 'pods/log'),
    k('flowcontrol.apiserver.k8s.io', 'v1', 'FlowSchema', 'flowschemas'),
  ])
  expect(sections.map((s) => [s.name, s.entries.map((e) => e.label)])).toEqual([
    ['Workloads', ['Pods', 'Deployments']],
    ['Networking', ['NetworkPolicies']],
    ['Config', ['Secrets']],
    ['Cluster', ['FlowSchemas']],
    ['Custom resources', ['NodePools']],
  ])
  expect(sections[0].entries[0].to).toBe('/clusters/prod/r/core/v1/pods')
  expect(sections[4].entries[0].to).toBe('/clusters/prod/r/karpenter.sh/v1/nodepools')
})

test.each([
  ['Endpoints', 'endpoints', 'Endpoints'],
  ['Ingress', 'ingresses', 'Ingresses'],
  ['PodDisruptionBudget', 'poddisruptionbudgets', 'PodDisruptionBudgets'],
  ['Foo', 'bars', 'Bars'],
  ['PodMetrics', 'pods', 'PodMetrics'],
  ['NodeMetrics', 'nodes', 'NodeMetrics'],
  ['Person', 'people', 'People'],
  ['Box', 'boxes', 'Boxes'],
])('kindLabel(%s, %s) = %s', (kind, plural, label) => expect(kindLabel(kind, plural)).toBe(label))
