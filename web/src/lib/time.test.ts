import { afterEach, expect, test, vi } from 'vitest'
import { formatClock, formatDate, formatTime, formatTimeWithZone, zoneLabel } from './time'

afterEach(() => vi.restoreAllMocks())

test('moments read the same on every page, in the browser\'s zone; what is not a time is shown as given', () => {
  const at = new Date(2026, 11, 6, 7, 3, 9)
  expect(formatTime(at.getTime())).toBe('2026-12-06 07:03:09')
  expect(formatTime(at.toISOString())).toBe('2026-12-06 07:03:09')
  expect(formatDate(at)).toBe('2026-12-06')
  expect(formatClock(at.getTime(), new Date(2026, 11, 6, 23, 0).getTime())).toBe(`07:03 ${zoneLabel(at)}`)
  expect(formatClock(at.getTime(), new Date(2026, 11, 7, 0, 1).getTime())).toBe(`2026-12-06 07:03 ${zoneLabel(at)}`)
  expect(formatTime('soon')).toBe('soon')
})

test('a local time can say its offset from UTC, whatever the zone (offsets stubbed: the test runs in any zone)', () => {
  const offset = vi.spyOn(Date.prototype, 'getTimezoneOffset')
  offset.mockReturnValue(-60)
  expect(zoneLabel(0)).toBe('UTC+01:00')
  offset.mockReturnValue(-330)
  expect(zoneLabel(0)).toBe('UTC+05:30')
  offset.mockReturnValue(300)
  expect(zoneLabel(0)).toBe('UTC-05:00')
  offset.mockReturnValue(0)
  expect(zoneLabel(0)).toBe('UTC')
  const at = new Date(2026, 11, 6, 7, 3, 9)
  expect(formatTimeWithZone(at.toISOString())).toBe('2026-12-06 07:03:09 UTC')
  expect(formatTimeWithZone('soon')).toBe('soon')
})

test('a clock-only stamp says its zone (offsets stubbed: the test runs in any zone)', () => {
  const offset = vi.spyOn(Date.prototype, 'getTimezoneOffset')
  const at = new Date(2026, 11, 6, 7, 3, 9)
  offset.mockReturnValue(-60)
  expect(formatClock(at.getTime(), at.getTime())).toBe('07:03 UTC+01:00')
  offset.mockReturnValue(0)
  expect(formatClock(at.getTime(), at.getTime())).toBe('07:03 UTC')
  expect(formatClock('soon')).toBe('soon')
})
