import { expect, test } from 'vitest'
import { formatClock, formatDate, formatTime } from './time'

test('moments read the same on every page, in the browser\'s zone; what is not a time is shown as given', () => {
  const at = new Date(2026, 11, 6, 7, 3, 9)
  expect(formatTime(at.getTime())).toBe('2026-12-06 07:03:09')
  expect(formatTime(at.toISOString())).toBe('2026-12-06 07:03:09')
  expect(formatDate(at)).toBe('2026-12-06')
  expect(formatClock(at.getTime(), new Date(2026, 11, 6, 23, 0).getTime())).toBe('07:03')
  expect(formatClock(at.getTime(), new Date(2026, 11, 7, 0, 1).getTime())).toBe('2026-12-06 07:03')
  expect(formatTime('soon')).toBe('soon')
})
