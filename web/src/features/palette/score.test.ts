import { expect, test } from 'vitest'
import { LABEL_END, paletteScore } from './score'

const v = (label: string, id: string) => `${label}${LABEL_END}${id}`

test('the label decides: a start beats a word start beats anywhere; an id never matches', () => {
  expect(paletteScore(v('ledger-worker-17029a9f-4w4jp', 'object:pods'), 'ledger')).toBe(1)
  expect(paletteScore(v('factory-edge', 'cluster:factory-edge'), 'ledger', ['cluster'])).toBe(0)
  expect(paletteScore(v('checkout-web-7d4b9', 'o'), 'web')).toBe(0.9)
  expect(paletteScore(v('ClusterRoles', 'kind:rbac.authorization.k8s.io/clusterroles'), 'checkout', ['kind'])).toBe(0)
  expect(paletteScore(v('Secrets', 'kind:secrets'), 'nodes', ['kind'])).toBe(0)
  expect(paletteScore(v('Nodes', 'kind:nodes'), 'nodes', ['kind'])).toBe(1)
  expect(paletteScore(v('checkout-web', 'x'), 'cwb')).toBe(0.2)
})

test('several words may be in any order; the detail and keywords count after the label', () => {
  expect(paletteScore(v('payments-api-6c9f', 'x'), 'api payments')).toBe(0.7)
  expect(paletteScore(v('payments-api-6c9f', 'x'), 'payments prod', ['object', 'prod-us-east-1'])).toBe(0.5)
  expect(paletteScore('action:toggle-theme', 'dark', ['dark', 'light', 'theme'])).toBe(0.5)
  expect(paletteScore(v('Audit', 'page:/audit'), '')).toBe(1)
})
