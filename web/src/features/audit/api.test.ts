import { expect, test } from 'vitest'
import { exportUrl, filterParams, type AuditFilters } from './api'
import { fromLocalInput, toLocalInput } from './time'

const none: AuditFilters = { actor: '', verb: '', changes: false, cluster: '', namespace: '', resource: '', outcome: '', from: '', to: '', q: '' }

test('only non-empty filters reach the query string; export carries the same filters', () => {
  const f = { ...none, verb: 'delete', outcome: 'denied', q: ' api-0 ' }
  expect(filterParams(f).toString()).toBe('verb=delete&outcome=denied&q=api-0')
  expect(exportUrl(f, 'csv')).toBe('/api/audit/export?verb=delete&outcome=denied&q=api-0&format=csv')
  expect(exportUrl(none, 'ndjson')).toBe('/api/audit/export?format=ndjson')
})

test('changes goes out as changes=true, in the export too; false is left out', () => {
  expect(filterParams({ ...none, changes: true, outcome: 'success' }).toString()).toBe('changes=true&outcome=success')
  expect(exportUrl({ ...none, changes: true }, 'csv')).toBe('/api/audit/export?changes=true&format=csv')
  expect(filterParams({ ...none, changes: false }).toString()).toBe('')
})

test('a search without a letter or digit is left out (the API refuses it); one with a letter in any script is sent', () => {
  expect(filterParams({ ...none, q: ' -- ', actor: 'Sam@Periscope.local' }).toString()).toBe('actor=Sam%40Periscope.local')
  expect(filterParams({ ...none, q: 'é' }).toString()).toBe('q=%C3%A9')
})

test('datetime-local values convert to ISO instants and back', () => {
  const iso = fromLocalInput('2026-03-01T10:00')
  expect(iso).toBe(new Date(2026, 2, 1, 10, 0).toISOString())
  expect(toLocalInput(iso)).toBe('2026-03-01T10:00')
  expect(fromLocalInput('')).toBe('')
  expect(toLocalInput('')).toBe('')
})
