import { expect, test } from 'vitest'
import type { PathNode } from './api'
import { fitColumns, MIN_W, NARROW_GAP_X, wrap } from './graphLayout'

test('a label wraps after a separator, a word alone longer than a line is cut inside it, and past the last line it ends in …', () => {
  expect(wrap('platform/developers-debug', 12, 3)).toEqual(['platform/', 'developers-', 'debug'])
  expect(wrap('exec into / attach to pods', 14, 2)).toEqual(['exec into /', 'attach to pods'])
  expect(wrap('secretsmanager:GetSecretValue', 16, 2)).toEqual(['secretsmanager:', 'GetSecretValue'])
  expect(wrap('iam:UpdateAssumeRolePolicy', 16, 2)).toEqual(['iam:UpdateAssume', 'RolePolicy'])
  expect(wrap('abcdefghijklmnop', 6, 3)).toEqual(['abcdef', 'ghijkl', 'mnop'])
  expect(wrap('a/b/c/d/e/f', 2, 2)).toEqual(['a/', 'b…'])
  expect(wrap('iam:PassRole', 30, 2)).toEqual(['iam:PassRole'])
})

const n = (kind: PathNode['kind'], label: string): PathNode => ({ id: label, kind, label, detail: '', incomplete: false })
const layers = [[n('SUBJECT', 'Group developers')], [n('BINDING', 'RoleBinding platform/developers-debug')],
  [n('CAPABILITY', 'exec into / attach to pods in namespace platform')], [n('SERVICE_ACCOUNT', 'platform/deploy-bot')],
  [n('IAM_ROLE', 'prod-platform-default')], [n('ACTION', 'secretsmanager:GetSecretValue')]]

test('with room (or not measured yet) the columns keep their natural widths', () => {
  expect(fitColumns(layers, 0).w).toEqual([168, 168, 168, 168, 168, 216])
  expect(fitColumns(layers, 1400).width).toBe(1196)
})

test('squeezed, the columns fit the frame, a short column gives its room to the others, and none is under the least width', () => {
  const c = fitColumns(layers, 726)
  expect(c.width).toBeLessThanOrEqual(726)
  expect(c.gap).toBe(NARROW_GAP_X)
  expect(Math.min(...c.w)).toBeGreaterThanOrEqual(MIN_W)
  expect(c.w[0]).toBe(MIN_W)
  // The actions give way last: `eks:UpdateClusterConfig` and the like keep one line (23 characters at 6.6 px, and padding).
  expect(c.w[5]).toBeGreaterThanOrEqual(23 * 6.6 + 12)
  // Too narrow for six least columns: they stay at the least, and the frame scrolls.
  expect(fitColumns(layers, 400).w).toEqual([MIN_W, MIN_W, MIN_W, MIN_W, MIN_W, MIN_W])
})
