import { expect, test } from 'vitest'
import { EchoLog } from './echoLog'

test('an echo older than the latest emitted text is still an echo, and stays one when asked again', () => {
  const log = new EchoLog()
  log.emitted('a')
  log.emitted('ab')
  expect(log.isEcho('a')).toBe(true)
  expect(log.isEcho('a')).toBe(true)
  expect(log.isEcho('ab')).toBe(true)
  // "a" is behind the caller's state now: coming again, it is from outside.
  expect(log.isEcho('a')).toBe(false)
})

test('a text typed twice (x, backspace, x) is matched at its first time, so the texts after it still count', () => {
  const log = new EchoLog()
  log.emitted('Ax')
  log.emitted('A')
  log.emitted('Ax')
  expect(log.isEcho('Ax')).toBe(true)
  expect(log.isEcho('A')).toBe(true)
  expect(log.isEcho('Ax')).toBe(true)
})

test('a value from outside clears the log: what was emitted before is not an echo any more', () => {
  const log = new EchoLog()
  log.emitted('a')
  log.emitted('ab')
  expect(log.isEcho('reset')).toBe(false)
  expect(log.isEcho('ab')).toBe(false)
})

test('a caller that never echoes keeps at most MAX texts', () => {
  const log = new EchoLog()
  for (let i = 0; i <= EchoLog.MAX; i++) log.emitted(`t${i}`)
  expect(log.isEcho('t1')).toBe(true)
  expect(log.isEcho('t0')).toBe(false)
})
