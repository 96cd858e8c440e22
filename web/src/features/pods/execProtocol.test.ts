import { expect, test } from 'vitest'
import { describeClose, execFrames, parseControl } from './execProtocol'
import { execUrl } from './api'

test('browser frames are the documented JSON, resize clamped to 1..10000', () => {
  expect(JSON.parse(execFrames.stdin('echo hi\r'))).toEqual({ type: 'stdin', data: 'echo hi\r' })
  expect(JSON.parse(execFrames.resize(120, 40))).toEqual({ type: 'resize', cols: 120, rows: 40 })
  expect(JSON.parse(execFrames.resize(0, 20_000))).toEqual({ type: 'resize', cols: 1, rows: 10_000 })
})

test('server control messages parse; anything else is not a control message', () => {
  expect(parseControl('{"type":"ready","container":"app","shell":"auto"}')).toEqual({ type: 'ready', container: 'app', shell: 'auto' })
  expect(parseControl('{"type":"exit","code":3,"reason":"x"}')).toEqual({ type: 'exit', code: 3, reason: 'x' })
  expect(parseControl('{"type":"exit"}')).toEqual({ type: 'exit', code: -1, reason: '' })
  expect(parseControl('{"type":"error","code":"forbidden","message":"no"}')).toEqual({ type: 'error', code: 'forbidden', message: 'no' })
  const ask = { summary: 'create pods/exec "web" in namespace "shop"', scope: 'namespace', grants: [{ subjectKind: 'User', subject: 'alice', yaml: 'kind: Role' }], note: '' }
  expect(parseControl(JSON.stringify({ type: 'error', code: 'forbidden', message: 'no', askAdmin: ask })))
    .toEqual({ type: 'error', code: 'forbidden', message: 'no', askAdmin: ask })
  expect(parseControl('{"type":"stdout"}')).toBeNull()
  expect(parseControl('hello')).toBeNull()
  expect(parseControl('null')).toBeNull()
})

test('a close is explained by the error message first, then by its code', () => {
  const forbidden = parseControl('{"type":"error","code":"forbidden","message":"RBAC must allow create on pods/exec"}')
  expect(describeClose(4403, forbidden, false)).toBe('RBAC must allow create on pods/exec')
  expect(describeClose(4429, null, false)).toMatch(/maximum number of shells/)
  expect(describeClose(4408, null, true)).toMatch(/idle/)
  expect(describeClose(1000, null, true)).toBe('the shell ended')
  expect(describeClose(1006, null, false)).toMatch(/refused/)
  expect(describeClose(1006, null, true)).toMatch(/lost/)
  expect(describeClose(4999, null, true)).toBe('closed (code 4999)')
})

test('the exec URL names the shell and container, on ws: for http pages', () => {
  const u = new URL(execUrl('prod eu', 'shop', 'web-1', 'app', 'auto'))
  expect(u.protocol).toBe('ws:')
  expect(u.pathname).toBe('/api/clusters/prod%20eu/pods/shop/web-1/exec')
  expect(Object.fromEntries(u.searchParams)).toEqual({ shell: 'auto', container: 'app' })
})
