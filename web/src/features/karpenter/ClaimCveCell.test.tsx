import { render, screen } from '@testing-library/react'
import { expect, test } from 'vitest'
import type { Chips } from '../inspector/api'
import type { NodeClaim } from './api'
import { ClaimCveCell } from './ClaimCveCell'

const claim = (name: string, nodeName: string | null): NodeClaim => ({
  name, nodePool: 'spot', instanceType: 'm6i.large', capacityType: 'spot', zone: 'eu-west-1a', createdAt: null, nodeName,
  conditions: [], drifted: false, capacity: {},
})
const counts = (critical: number, high: number, medium: number, low = 0) => ({ critical, high, medium, low, informational: 0, untriaged: 0 })
const chips = (status: Chips['status'], items: Chips['items'] = {}, message = ''): Chips =>
  ({ cluster: 'prod', kind: 'nodeclaims', status, message, readAt: '2026-11-23T09:00:00Z', items })

const cell = () => screen.getByTestId('cve-chip')

test('while the cluster is still read from Inspector the cell is a spinner that says so, not a dash', () => {
  render(<ClaimCveCell chips={chips('PENDING')} claim={claim('spot-1', 'ip-10-0-1-1')} />)
  expect(screen.getByRole('img', { name: 'Reading findings from Inspector' })).toBe(cell())
  expect(cell()).not.toHaveTextContent('—')
})

test('a row Inspector has not read yet (its instance not asked yet) is the same spinner', () => {
  render(<ClaimCveCell chips={chips('READY', { 'spot-1': { state: 'PENDING', counts: counts(0, 0, 0) } })} claim={claim('spot-1', 'ip-10-0-1-1')} />)
  expect(screen.getByRole('img', { name: 'Reading findings from Inspector' })).toBeInTheDocument()
})

test('nothing found is a green 0 with every severity on hover', () => {
  render(<ClaimCveCell chips={chips('READY', { 'spot-1': { state: 'SCANNED', counts: counts(0, 0, 0) } })} claim={claim('spot-1', 'ip-10-0-1-1')} />)
  expect(cell()).toHaveTextContent(/^0$/)
  expect(cell()).toHaveAttribute('title', '0 critical · 0 high · 0 medium · 0 low · 0 informational')
})

test('findings are counted by severity', () => {
  render(<ClaimCveCell chips={chips('READY', { 'spot-1': { state: 'SCANNED', counts: counts(1, 2, 3) } })} claim={claim('spot-1', 'ip-10-0-1-1')} />)
  expect(cell()).toHaveTextContent('1C·2H·3M')
})

test('an instance Inspector does not cover says "not scanned"', () => {
  render(<ClaimCveCell chips={chips('READY', { 'spot-1': { state: 'NOT_SCANNED', counts: counts(0, 0, 0) } })} claim={claim('spot-1', 'ip-10-0-1-1')} />)
  expect(cell()).toHaveTextContent('not scanned')
  expect(cell()).toHaveAttribute('title', 'Not scanned by Amazon Inspector')
})

test('a claim without a node yet has nothing to scan, and says why on hover', () => {
  render(<ClaimCveCell chips={chips('READY')} claim={claim('spot-new', null)} />)
  expect(cell()).toHaveTextContent('no node yet')
  expect(cell().title).toMatch(/^No node has joined for this claim yet/)
})

test('a node that joined after the last read says it is not read yet, and when that read was', () => {
  render(<ClaimCveCell chips={chips('READY')} claim={claim('spot-2', 'ip-10-0-2-2')} />)
  expect(cell()).toHaveTextContent('not read yet')
  expect(cell().title).toMatch(/^Not read yet: the node joined after the last read from Inspector \(.+\); it shows after the next one$/)
})

test('when Inspector refused the server, an unread row says "locked" with the refused action on hover', () => {
  const message = 'inspector2:ListFindings is not allowed for the server role'
  render(<ClaimCveCell chips={chips('LOCKED', {}, message)} claim={claim('spot-1', 'ip-10-0-1-1')} />)
  expect(cell()).toHaveTextContent('locked')
  expect(cell()).toHaveAttribute('title', message)
})

test('when the read failed, an unread row says "unavailable" with the error on hover', () => {
  render(<ClaimCveCell chips={chips('ERROR', {}, 'throttled')} claim={claim('spot-1', null)} />)
  expect(cell()).toHaveTextContent('unavailable')
  expect(cell()).toHaveAttribute('title', 'throttled')
})
