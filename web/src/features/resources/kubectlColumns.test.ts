import { expect, test } from 'vitest'
import type { KubeObject } from './api'
import { buildListModel } from './listModel'
import { podStatus } from './kubectlColumns'

const NOW = Date.parse('2026-11-23T10:00:00Z')
const list = (items: KubeObject[]) => ({ format: 'list' as const, body: { kind: 'List', metadata: {}, items } })
const model = (group: string, plural: string, items: KubeObject[]) => buildListModel(list(items), { showNamespace: false, now: NOW, kind: { group, plural } })
const meta = (name: string, extra: Partial<KubeObject['metadata']> = {}) => ({ name, namespace: 'shop', creationTimestamp: '2026-11-23T09:00:00Z', ...extra })

test('pods get kubectl get pods columns: Ready, Status, Restarts, Age, IP, Node', () => {
  const m = model('core', 'pods', [
    {
      metadata: meta('web-0'),
      spec: { nodeName: 'ip-10-0-1-5', containers: [{}, {}] },
      status: {
        phase: 'Running',
        podIP: '10.0.1.17',
        containerStatuses: [
          { ready: true, restartCount: 2, state: { running: {} } },
          { ready: false, restartCount: 5, state: { waiting: { reason: 'CrashLoopBackOff' } } },
        ],
      },
    },
  ])
  expect(m.columns.map((c) => c.header)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP', 'Node'])
  expect(m.rows[0].cells).toEqual(['web-0', '1/2', 'CrashLoopBackOff', '7', '60m', '10.0.1.17', 'ip-10-0-1-5'])
  expect(m.rows[0].sort[3]).toBe(7)
})

test.each([
  ['init container waiting', { spec: { initContainers: [{}] }, status: { phase: 'Pending', initContainerStatuses: [{ state: { waiting: { reason: 'ImagePullBackOff' } } }] } }, 'Init:ImagePullBackOff'],
  ['init container running', { spec: { initContainers: [{}, {}] }, status: { phase: 'Pending', initContainerStatuses: [{ state: { terminated: { exitCode: 0 } } }, { state: { running: {} } }] } }, 'Init:1/2'],
  ['OOM killed', { status: { phase: 'Running', containerStatuses: [{ state: { terminated: { reason: 'OOMKilled', exitCode: 137 } } }] } }, 'OOMKilled'],
  ['evicted', { status: { phase: 'Failed', reason: 'Evicted' } }, 'Evicted'],
  ['terminating', { metadata: meta('x', { deletionTimestamp: '2026-11-23T09:59:00Z' }), status: { phase: 'Running' } }, 'Terminating'],
])('pod status like kubectl: %s', (_, partial, expected) => {
  expect(podStatus({ metadata: meta('x'), ...partial } as KubeObject)).toBe(expected)
})

test('deployments, nodes, services and secrets get their kubectl columns', () => {
  const d = model('apps', 'deployments', [{ metadata: meta('web'), spec: { replicas: 3 }, status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 } }])
  expect(d.columns.map((c) => c.header)).toEqual(['Name', 'Ready', 'Up-to-date', 'Available', 'Age'])
  expect(d.rows[0].cells.slice(0, 4)).toEqual(['web', '2/3', '3', '2'])

  const n = model('core', 'nodes', [
    {
      metadata: { ...meta('ip-10-0-1-5'), namespace: undefined, labels: { 'node-role.kubernetes.io/control-plane': '' } },
      spec: { unschedulable: true },
      status: { conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { kubeletVersion: 'v1.31.4-eks-2d5f260' } },
    },
  ])
  expect(n.columns.map((c) => c.header)).toEqual(['Name', 'Status', 'Roles', 'Age', 'Version'])
  expect(n.rows[0].cells).toEqual(['ip-10-0-1-5', 'Ready,SchedulingDisabled', 'control-plane', '60m', 'v1.31.4-eks-2d5f260'])

  const s = model('core', 'services', [
    { metadata: meta('web'), spec: { type: 'LoadBalancer', clusterIP: '172.20.0.10', ports: [{ port: 443, nodePort: 30443, protocol: 'TCP' }] }, status: {} },
  ])
  expect(s.rows[0].cells.slice(1, 5)).toEqual(['LoadBalancer', '172.20.0.10', '<pending>', '443:30443/TCP'])

  const sec = model('core', 'secrets', [{ metadata: meta('tls'), type: 'kubernetes.io/tls', data: { 'tls.crt': 'x', 'tls.key': 'y' } }])
  expect(sec.rows[0].cells.slice(1, 3)).toEqual(['kubernetes.io/tls', '2'])
})

test('kinds kubectl prints as Name and Age, and CRDs, keep the generic columns', () => {
  expect(model('rbac.authorization.k8s.io', 'roles', [{ metadata: meta('r') }]).columns.map((c) => c.header)).toEqual(['Name', 'Age'])
  expect(model('karpenter.sh', 'nodepools', [{ metadata: meta('p'), spec: { replicas: 2 }, status: {} }]).columns.map((c) => c.header))
    .toEqual(['Name', 'Ready', 'Age'])
})
