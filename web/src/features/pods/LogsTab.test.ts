import { expect, test } from 'vitest'
import { matchingLines } from './LogsTab'

test('log search keeps the lines that contain the term, case-insensitively', () => {
  const log = 'level=info path=/healthz\nlevel=WARN slow upstream\nlevel=info path=/orders\n'
  expect(matchingLines(log, '')).toBeNull()
  expect(matchingLines(log, '  ')).toBeNull()
  expect(matchingLines(log, 'warn')).toEqual(['level=WARN slow upstream'])
  expect(matchingLines(log, 'path=')).toHaveLength(2)
})
