import { formatRemaining, initials, secondsLeft } from './session'

const now = Date.parse('2026-11-23T10:00:00Z')

test.each([
  ['2026-11-23T13:04:10Z', '3h 04m'],
  ['2026-11-23T10:12:30Z', '12m 30s'],
  ['2026-11-23T10:00:45Z', '45s'],
  ['2026-11-25T12:00:00Z', '2d 2h'],
  ['2026-11-23T10:00:00Z', 'expired'],
  ['2026-11-23T09:00:00Z', 'expired'],
  ['not a date', 'unknown'],
])('formatRemaining(%s) = %s', (expiresAt, expected) => {
  expect(formatRemaining(expiresAt, now)).toBe(expected)
})

test('secondsLeft is negative after expiry', () => {
  expect(secondsLeft('2026-11-23T09:59:00Z', now)).toBe(-60)
})

test('initials prefer the e-mail local part', () => {
  expect(initials('sub-1', 'jane.doe@example.com')).toBe('JD')
  expect(initials('alice', '')).toBe('AL')
})
