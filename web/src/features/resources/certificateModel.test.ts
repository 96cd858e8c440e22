import { expect, test } from 'vitest'
import type { KubeObject } from './api'
import { certificateFactsOf, relativeTo } from './certificateModel'

const NOW = Date.parse('2026-03-01T10:00:00Z')
const at = (days: number) => new Date(NOW + days * 86_400_000).toISOString()
const ready = { type: 'Ready', status: 'True', reason: 'Ready', message: 'Certificate is up to date and has not expired' }
const cert = (status: Record<string, unknown>, apiVersion = 'cert-manager.io/v1') =>
  ({ apiVersion, kind: 'Certificate', metadata: { name: 'web', namespace: 'shop' }, status }) as unknown as KubeObject

test('a healthy certificate: its end and renewal relative to now, Ready in its words, green', () => {
  const facts = certificateFactsOf(cert({ notAfter: at(60), renewalTime: at(30), conditions: [ready] }), NOW)
  expect(facts).toEqual({
    notAfter: at(60), renewalTime: at(30), ready: { status: 'True', reason: 'Ready', message: ready.message },
    renewalFailed: false, tone: 'success', expired: false, expiresIn: 'in 60d', renewsIn: 'in 30d',
  })
})

test('amber within 14 days of the end, or sooner when its renewal failed; red once expired', () => {
  expect(certificateFactsOf(cert({ notAfter: at(14), conditions: [ready] }), NOW)?.tone).toBe('warning')
  expect(certificateFactsOf(cert({ notAfter: at(15), conditions: [ready] }), NOW)?.tone).toBe('success')
  const failing = { type: 'Ready', status: 'False', reason: 'Failed', message: 'ACME challenge failed' }
  expect(certificateFactsOf(cert({ notAfter: at(60), conditions: [failing] }), NOW)).toMatchObject({ renewalFailed: true, tone: 'warning' })
  // cert-manager's own marks of a failed issuance, while the old certificate is still Ready.
  expect(certificateFactsOf(cert({ notAfter: at(60), lastFailureTime: at(-1), conditions: [ready] }), NOW)).toMatchObject({ renewalFailed: true, tone: 'warning' })
  const issuing = { type: 'Issuing', status: 'False', reason: 'Failed' }
  expect(certificateFactsOf(cert({ notAfter: at(60), conditions: [ready, issuing] }), NOW)).toMatchObject({ renewalFailed: true, tone: 'warning' })

  const expired = certificateFactsOf(cert({ notAfter: at(-2), renewalTime: at(-32), conditions: [failing] }), NOW)
  expect(expired).toMatchObject({ tone: 'danger', expired: true, expiresIn: '2d ago', renewsIn: '32d ago' })
  expect(certificateFactsOf(cert({ notAfter: new Date(NOW).toISOString() }), NOW)).toMatchObject({ tone: 'danger', expired: true })
})

test('a certificate not issued yet has no end to colour; other kinds named Certificate are not cert-manager\'s', () => {
  expect(certificateFactsOf(cert({}), NOW)).toMatchObject({ notAfter: undefined, ready: undefined, tone: 'neutral', expired: false, renewalFailed: false })
  expect(certificateFactsOf(cert({ notAfter: 'soon' }), NOW)).toMatchObject({ tone: 'neutral', expiresIn: undefined })
  expect(certificateFactsOf(cert({ notAfter: at(1) }, 'acm.services.k8s.aws/v1alpha1'), NOW)).toBeUndefined()
  expect(certificateFactsOf({ ...cert({ notAfter: at(1) }), kind: 'CertificateRequest' }, NOW)).toBeUndefined()
})

test('relative times read as kubectl durations, either side of now', () => {
  expect(relativeTo(at(3), NOW)).toBe('in 3d')
  expect(relativeTo(new Date(NOW - 5 * 3_600_000).toISOString(), NOW)).toBe('5h ago')
  expect(relativeTo(undefined, NOW)).toBeUndefined()
})
