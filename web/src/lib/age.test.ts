import { expect, test } from 'vitest'
import { formatDuration } from './age'

test('a length of time reads as kubectl prints a Job duration', () => {
  expect([45, 60, 65, 200, 3900, 7200, 3 * 3600 + 300, -3].map(formatDuration)).toEqual(['45s', '60s', '65s', '3m20s', '65m', '120m', '3h5m', '0s'])
})
