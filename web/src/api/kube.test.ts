import { expect, test } from 'vitest'
import { deletionRequestedAt } from './kube'

test('a deletion was asked for its grace period before its deletionTimestamp', () => {
  expect(deletionRequestedAt({ deletionTimestamp: '2026-12-08T01:30:30Z', deletionGracePeriodSeconds: 30 })).toBe('2026-12-08T01:30:00.000Z')
})

test('without a grace period the deletionTimestamp is the time it was asked for', () => {
  expect(deletionRequestedAt({ deletionTimestamp: '2026-12-08T01:30:30Z' })).toBe('2026-12-08T01:30:30.000Z')
})

test('an object not being deleted has none', () => {
  expect(deletionRequestedAt({})).toBeUndefined()
  expect(deletionRequestedAt(undefined)).toBeUndefined()
})
