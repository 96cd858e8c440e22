import { expect, test } from 'vitest'
import type { AuditEvent } from './api'
import { groupByRequest, groupKey, groupOutcome, groupTarget } from './requestGroups'

const ev = (id: number, requestId: string, verb = 'aws_iam_read', resource = 'iam-roles', outcome: AuditEvent['outcome'] = 'success'): AuditEvent => ({
  id, time: '2026-03-01T10:01:00Z', requestId, actor: { sub: 'alice', email: 'alice@corp.example', groups: [] },
  verb, target: { cluster: 'prod', namespace: '', resource, name: `x-${id}` }, outcome, reason: '', extra: {},
})

test('a run of one request, actor and verb folds into one row; single events and other verbs stay rows of their own', () => {
  const items = [ev(9, 'a'), ev(8, 'a', 'aws_iam_read', 'iam-policies'), ev(7, 'a'), ev(6, 'a', 'aws_identity_read'), ev(5, 'b'), ev(4, 'a')]

  const rows = groupByRequest(items, new Set())

  expect(rows.map((r) => (r.kind === 'group' ? `group ${r.events.map((e) => e.id).join(',')}` : `event ${r.event.id}`)))
    .toEqual(['group 9,8,7', 'event 6', 'event 5', 'event 4'])
})

test('an opened run lists its events under the folded row', () => {
  const items = [ev(3, 'a'), ev(2, 'a'), ev(1, 'b')]

  const rows = groupByRequest(items, new Set([groupKey(items[0])]))

  expect(rows.map((r) => (r.kind === 'group' ? `group open=${r.open}` : `event ${r.event.id}${r.inGroup ? ' in group' : ''}`)))
    .toEqual(['group open=true', 'event 3 in group', 'event 2 in group', 'event 1'])
})

test('a folded row names its clusters, resources and worst outcome', () => {
  const events = [ev(3, 'a'), ev(2, 'a', 'aws_iam_read', 'iam-policies', 'denied'), ev(1, 'a', 'aws_iam_read', 'iam-policies')]

  expect(groupTarget(events)).toBe('prod · 1 iam-role, 2 iam-policies')
  expect(groupOutcome(events)).toEqual({ outcome: 'denied', count: 1 })
  expect(groupOutcome([ev(1, 'a'), ev(2, 'a')])).toEqual({ outcome: 'success', count: 2 })
})

test('a session\'s started and ended rows are not folded, and a folded row counts distinct objects, not rows', () => {
  const started = { ...ev(2, 's', 'exec', 'pods'), extra: { phase: 'started' } }
  const ended = { ...ev(3, 's', 'exec', 'pods'), extra: { phase: 'ended' } }
  expect(groupByRequest([ended, started], new Set()).map((r) => r.kind)).toEqual(['event', 'event'])

  const policy = ev(5, 'a', 'aws_iam_read', 'iam-policies')
  const samePolicyTwice = [policy, { ...ev(4, 'a', 'aws_iam_read', 'iam-policies'), target: policy.target }]
  expect(groupTarget(samePolicyTwice)).toBe('prod · 1 iam-policy')
})

test('a folded row of one object says its resource in the singular (Fix first audits its IAM reads as one "workloads" target)', () => {
  const fixFirst = (id: number) => ({ ...ev(id, 'f', 'aws_iam_read', 'workloads'), target: { cluster: 'prod', namespace: '', resource: 'workloads', name: '' } })

  expect(groupTarget([fixFirst(2), fixFirst(1)])).toBe('prod · 1 workload')
})
