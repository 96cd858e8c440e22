import { expect, test } from 'vitest'
import { verbOf } from './verb'

test('a verb that writes two rows says which one; others read as the verb', () => {
  expect(verbOf({ verb: 'exec', extra: { phase: 'started', container: 'app' } })).toBe('exec · started')
  expect(verbOf({ verb: 'addon_write', extra: { phase: 'completed' } })).toBe('addon_write · completed')
  expect(verbOf({ verb: 'scale', extra: { replicas: 3 } })).toBe('scale')
  expect(verbOf({ verb: 'exec', extra: { phase: 7 } })).toBe('exec')
})

test('a dry run says so: it changed nothing, and reads apart from the apply that did', () => {
  expect(verbOf({ verb: 'apply', extra: { dryRun: true, fieldManager: 'periscope', force: false } })).toBe('apply · dry run')
  expect(verbOf({ verb: 'create', extra: { dryRun: true } })).toBe('create · dry run')
  expect(verbOf({ verb: 'apply', extra: { dryRun: false, changed: ['/spec/replicas'] } })).toBe('apply')
})
