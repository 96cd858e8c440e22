import type { KubeObject } from '../../api/kube'
import { buildListModel } from '../resources/listModel'
import { RBAC_COLUMNS, groupThroughPeriscope, rbacKind, rbacObjectRoute, ruleRows, subjectRoute, subjectsSummary } from './model'

const role = (rules: unknown[]): KubeObject => ({ metadata: { name: 'r', namespace: 'shop' }, rules }) as unknown as KubeObject

test('rules become one describe row per resource and group, with names, URLs and verbs', () => {
  const rows = ruleRows(role([
    { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list'] },
    { apiGroups: ['apps', 'extensions'], resources: ['deployments'], verbs: ['get'] },
    { apiGroups: [''], resources: ['configmaps'], resourceNames: ['settings'], verbs: ['update'] },
    { nonResourceURLs: ['/healthz', '/version'], verbs: ['get'] },
    { apiGroups: [''], resources: ['pods'], verbs: ['watch'] },
  ]))

  expect(rows).toEqual([
    { resource: '', nonResourceURLs: ['/healthz', '/version'], resourceNames: [], verbs: ['get'] },
    { resource: 'configmaps', nonResourceURLs: [], resourceNames: ['settings'], verbs: ['update'] },
    { resource: 'deployments.apps', nonResourceURLs: [], resourceNames: [], verbs: ['get'] },
    { resource: 'deployments.extensions', nonResourceURLs: [], resourceNames: [], verbs: ['get'] },
    { resource: 'pods', nonResourceURLs: [], resourceNames: [], verbs: ['get', 'list', 'watch'] },
    { resource: 'pods/log', nonResourceURLs: [], resourceNames: [], verbs: ['get', 'list'] },
  ])
  expect(ruleRows(role([]))).toEqual([])
})

test('only the four RBAC kinds are RBAC kinds', () => {
  expect(rbacKind('rbac.authorization.k8s.io', 'clusterroles')).toBe('clusterroles')
  expect(rbacKind('rbac.authorization.k8s.io', 'rolebindings')).toBe('rolebindings')
  expect(rbacKind('core', 'roles')).toBeNull()
  expect(rbacKind('rbac.authorization.k8s.io', 'other')).toBeNull()
})

test('subjects are summarised by name when few and counted by kind when many', () => {
  expect(subjectsSummary([])).toBe('none')
  expect(subjectsSummary([{ kind: 'User', name: 'alice' }, { kind: 'ServiceAccount', name: 'ci', namespace: 'tools' }])).toBe('alice, tools/ci')
  expect(subjectsSummary([
    { kind: 'User', name: 'a' }, { kind: 'User', name: 'b' }, { kind: 'Group', name: 'g' }, { kind: 'ServiceAccount', name: 's', namespace: 'n' },
  ])).toBe('2 users, 1 group, 1 service account')
})

test('links go to the object selected in its list, and only ServiceAccount subjects are objects', () => {
  expect(rbacObjectRoute('prod', 'clusterroles', undefined, 'view')).toBe('/clusters/prod/r/rbac.authorization.k8s.io/v1/clusterroles?sel=view')
  expect(rbacObjectRoute('prod', 'roles', 'shop', 'x')).toBe('/clusters/prod/r/rbac.authorization.k8s.io/v1/roles?ns=shop&sel=shop%2Fx')
  expect(subjectRoute('prod', { kind: 'ServiceAccount', name: 'ci', namespace: 'tools' })).toBe('/clusters/prod/r/core/v1/serviceaccounts?ns=tools&sel=tools%2Fci')
  expect(subjectRoute('prod', { kind: 'User', name: 'alice' })).toBeNull()
})

test('lists of roles get a rule count and lists of bindings a role and subjects, in both list formats', () => {
  const binding = {
    metadata: { name: 'readers', namespace: 'shop', creationTimestamp: '2026-01-01T00:00:00Z' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    subjects: [{ kind: 'Group', name: 'devs' }],
  } as unknown as KubeObject
  const list = buildListModel({ format: 'list', body: { kind: 'RoleBindingList', metadata: {}, items: [binding] } }, { showNamespace: false })
  expect(list.columns.map((c) => c.header)).toEqual(['Name', 'Role', 'Subjects', 'Age'])
  expect(list.rows[0].cells.slice(0, 3)).toEqual(['readers', 'ClusterRole/view', 'devs'])

  const table = buildListModel({
    format: 'table',
    body: {
      kind: 'Table', metadata: {}, columnDefinitions: [{ name: 'Name', type: 'string' }, { name: 'Created At', type: 'string', format: 'date' }],
      rows: [{ cells: ['r', '2026-01-01T00:00:00Z'], object: role([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }, { nonResourceURLs: ['/x'], verbs: ['get'] }]) }],
    },
  }, { showNamespace: false })
  expect(table.columns.map((c) => c.header)).toEqual(['Name', 'Created At', 'Rules'])
  expect(table.rows[0].cells[2]).toBe('2')
  expect(RBAC_COLUMNS.map((c) => c.cell({ metadata: { name: 'cm' } } as KubeObject))).toEqual([undefined, undefined, undefined])
})

test('in tier mode only tier groups (and everyone-groups) reach people through Periscope', () => {
  expect(groupThroughPeriscope('tier', 'periscope-tier:triage')).toBe('tier')
  expect(groupThroughPeriscope('tier', 'developers')).toBe('outside')
  expect(groupThroughPeriscope('tier', 'system:authenticated')).toBe('unknown')
  expect(groupThroughPeriscope('raw', 'developers')).toBe('unknown')
  expect(groupThroughPeriscope('shared', 'periscope-tier:admin')).toBe('unknown')
})
