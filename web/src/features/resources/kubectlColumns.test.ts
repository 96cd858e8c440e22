import { expect, test } from 'vitest'
import type { KubeObject } from './api'
import { buildListModel } from './listModel'
import { podStatus } from './kubectlColumns'

const NOW = Date.parse('2026-11-23T10:00:00Z')
const list = (items: KubeObject[]) => ({ format: 'list' as const, body: { kind: 'List', metadata: {}, items } })
const model = (group: string, plural: string, items: KubeObject[], wide = false) =>
  buildListModel(list(items), { showNamespace: false, wide, now: NOW, kind: { group, plural } })
const meta = (name: string, extra: Partial<KubeObject['metadata']> = {}) => ({ name, namespace: 'shop', creationTimestamp: '2026-11-23T09:00:00Z', ...extra })

test('pods get kubectl get pods columns: Ready, Status, Restarts, Age, and IP, Node when wide', () => {
  const pods: KubeObject[] = [
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
  ]
  const narrow = model('core', 'pods', pods)
  expect(narrow.columns.map((c) => c.header)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age'])
  expect(narrow.wideHidden).toEqual(['IP', 'Node'])
  const m = model('core', 'pods', pods, true)
  expect(m.columns.map((c) => c.header)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP', 'Node'])
  expect(m.rows[0].cells).toEqual(['web-0', '1/2', 'CrashLoopBackOff', '7', '60m', '10.0.1.17', 'ip-10-0-1-5'])
  expect(m.rows[0].sort[3]).toBe(7)
  expect(m.wideHidden).toEqual([])
})

test('the wide view adds kubectl -o wide columns of nodes, workloads and services', () => {
  const node: KubeObject = {
    metadata: { ...meta('ip-10-0-1-5'), namespace: undefined },
    status: {
      conditions: [{ type: 'Ready', status: 'True' }],
      addresses: [
        { type: 'InternalIP', address: '10.0.1.5' },
        { type: 'Hostname', address: 'ip-10-0-1-5' },
      ],
      nodeInfo: { kubeletVersion: 'v1.31.4', osImage: 'Amazon Linux 2023', kernelVersion: '6.1.115', containerRuntimeVersion: 'containerd://1.7.23' },
    },
  }
  const n = model('core', 'nodes', [node], true)
  expect(n.columns.map((c) => c.header)).toEqual(['Name', 'Status', 'Roles', 'Age', 'Version', 'Internal-IP', 'External-IP', 'OS-Image', 'Kernel-Version', 'Container-Runtime'])
  expect(n.rows[0].cells.slice(5)).toEqual(['10.0.1.5', '<none>', 'Amazon Linux 2023', '6.1.115', 'containerd://1.7.23'])

  const d = model(
    'apps',
    'deployments',
    [
      {
        metadata: meta('web'),
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }, { key: 'canary', operator: 'DoesNotExist' }] },
          template: { spec: { containers: [{ name: 'app', image: 'web:1.4' }, { name: 'proxy', image: 'envoy:1.31' }] } },
        },
        status: {},
      },
    ],
    true,
  )
  expect(d.columns.map((c) => c.header).slice(4)).toEqual(['Containers', 'Images', 'Selector', 'Age'])
  expect(d.rows[0].cells.slice(4, 7)).toEqual(['app,proxy', 'web:1.4,envoy:1.31', 'app=web,tier in (a,b),!canary'])

  const s = model('core', 'services', [{ metadata: meta('web'), spec: { type: 'ClusterIP', clusterIP: '172.20.0.10', selector: { app: 'web' } }, status: {} }], true)
  expect(s.columns.map((c) => c.header)).toEqual(['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age', 'Selector'])
  expect(s.rows[0].cells[6]).toBe('app=web')
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
