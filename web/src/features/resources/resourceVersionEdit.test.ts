import { expect, test } from 'vitest'
import { kindOf, resourceVersionOf, withResourceVersion } from './resourceVersionEdit'

const deployment = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  annotations:',
  '    resourceVersion: not-this-one',
  '  name: web',
  '  namespace: shop',
  '  resourceVersion: "41"',
  '  uid: 1b2c',
  'spec:',
  '  replicas: 5 # mine',
  '  template:',
  '    metadata:',
  '      resourceVersion: nor-this',
  '',
].join('\n')

test('reads the top-level kind and metadata.resourceVersion, not a nested one', () => {
  expect(kindOf(deployment)).toBe('Deployment')
  expect(resourceVersionOf(deployment)).toBe('41')
  expect(resourceVersionOf("metadata:\n  resourceVersion: '7' # read at noon\n")).toBe('7')
  expect(resourceVersionOf('kind: ConfigMap\nmetadata:\n  name: a\ndata:\n  resourceVersion: x\n')).toBeNull()
})

test('replaces only that line, keeping the rest of the edit as it was typed', () => {
  const rebased = withResourceVersion(deployment, '57')
  expect(rebased).toBe(deployment.replace('  resourceVersion: "41"', '  resourceVersion: "57"'))
  expect(rebased).toContain('    resourceVersion: not-this-one')
  expect(rebased).toContain('replicas: 5 # mine')
})

test('null removes the line; an edit without one is left alone', () => {
  expect(withResourceVersion(deployment, null)).toBe(deployment.replace('  resourceVersion: "41"\n', ''))
  const none = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n'
  expect(withResourceVersion(none, '9')).toBe(none)
})

test('CRLF line endings survive', () => {
  const crlf = 'kind: ConfigMap\r\nmetadata:\r\n  name: a\r\n  resourceVersion: "1"\r\n'
  expect(resourceVersionOf(crlf)).toBe('1')
  expect(withResourceVersion(crlf, '2')).toBe('kind: ConfigMap\r\nmetadata:\r\n  name: a\r\n  resourceVersion: "2"\r\n')
})

test('a JSON edit is rewritten as JSON', () => {
  const json = '{"kind":"ConfigMap","metadata":{"name":"a","resourceVersion":"1"}}'
  expect(kindOf(json)).toBe('ConfigMap')
  expect(resourceVersionOf(json)).toBe('1')
  expect(JSON.parse(withResourceVersion(json, '2'))).toEqual({ kind: 'ConfigMap', metadata: { name: 'a', resourceVersion: '2' } })
  expect(JSON.parse(withResourceVersion(json, null))).toEqual({ kind: 'ConfigMap', metadata: { name: 'a' } })
})
