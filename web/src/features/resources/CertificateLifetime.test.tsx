import { screen, within } from '@testing-library/react'
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { mockFetch } from '../../test/fetchMock'
import { renderAt } from '../../test/render'
import { formatTimeWithZone } from '../../lib/time'
import type { KubeObject } from './api'
import { ObjectSummary } from './ObjectSummary'

// The clock the Summary reads (useNow): set, so the relative times hold on any date; the exact times are computed
// in whatever zone the run has (the clock guard runs this again at UTC+14).
const NOW = Date.parse('2026-12-07T06:00:00Z')
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(NOW)
  mockFetch({})
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

const kind = { cluster: 'prod', group: 'cert-manager.io', version: 'v1', plural: 'certificates' }
const at = (days: number) => new Date(NOW + days * 86_400_000).toISOString()
const certificate = (status: Record<string, unknown>) =>
  ({ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'grafana', namespace: 'monitoring' }, status }) as unknown as KubeObject
const field = (label: string) => screen.getByText(label, { selector: 'dt' }).nextElementSibling as HTMLElement

test("a failing renewal: the expiry in 3 days amber with its exact local time, the renewal time, and Ready's message", () => {
  const message = 'The certificate request has failed to complete and will be retried: ACME challenge failed'
  renderAt(<ObjectSummary kind={kind} object={certificate({
    notAfter: at(3), renewalTime: at(-27), conditions: [{ type: 'Ready', status: 'False', reason: 'Failed', message }],
  })} />)

  const expires = field('Expires')
  expect(within(expires).getByText('expires in 3d')).toHaveClass('bg-amber-50')
  expect(expires).toHaveTextContent(formatTimeWithZone(at(3)))
  expect(within(expires).getByText('renewal failed')).toBeInTheDocument()
  expect(field('Renews')).toHaveTextContent(`27d ago${formatTimeWithZone(at(-27))}`)
  expect(field('Ready')).toHaveTextContent(`FalseFailed${message}`)
})

test('a healthy certificate is green; an expired one red', () => {
  const { unmount } = renderAt(<ObjectSummary kind={kind} object={certificate({
    notAfter: at(60), renewalTime: at(30), conditions: [{ type: 'Ready', status: 'True', reason: 'Ready', message: 'Certificate is up to date and has not expired' }],
  })} />)
  expect(within(field('Expires')).getByText('expires in 60d')).toHaveClass('bg-emerald-50')
  expect(within(field('Expires')).queryByText('renewal failed')).toBeNull()
  expect(field('Renews')).toHaveTextContent('in 30d')
  unmount()

  renderAt(<ObjectSummary kind={kind} object={certificate({ notAfter: at(-3) })} />)
  expect(within(field('Expires')).getByText('expired 3d ago')).toHaveClass('bg-red-50')
  expect(field('Renews')).toHaveTextContent('—')
  expect(field('Ready')).toHaveTextContent('—')
})
