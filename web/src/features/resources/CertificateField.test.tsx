import { fireEvent, screen, within } from '@testing-library/react'
import { afterEach, expect, test, vi } from 'vitest'
import { mockFetch } from '../../test/fetchMock'
import { renderAt } from '../../test/render'
import { CertificateField } from './CertificateField'

afterEach(() => vi.unstubAllGlobals())

const secrets = { cluster: 'prod', group: 'core', version: 'v1', plural: 'secrets' }
const URL_ = '/api/clusters/prod/resources/core/v1/secrets/shop/shop-tls/certificate'

test('the certificate is read only when asked, with a POST, and says for whom, by whom and how long it has left', async () => {
  const fetch = mockFetch({
    [URL_]: { body: {
      state: 'EXPIRES_SOON', daysLeft: 12, hoursLeft: 291, expiresAt: '2026-12-18T09:00:00Z',
      certificates: [
        { subject: 'CN=shop.example.com', issuer: 'CN=R11,O=Let\'s Encrypt,C=US', names: ['shop.example.com', 'www.shop.example.com'], notBefore: '2026-09-19T09:00:00Z',
          notAfter: '2026-12-18T09:00:00Z', authority: false, serialNumber: '2a', keyAlgorithm: 'EC', signatureAlgorithm: 'SHA256withECDSA' },
        { subject: 'CN=R11', issuer: 'CN=ISRG Root X1', names: [], notBefore: '2024-03-13T00:00:00Z', notAfter: '2027-03-12T23:59:59Z', authority: true,
          serialNumber: '1', keyAlgorithm: 'RSA', signatureAlgorithm: 'SHA256withRSA' },
      ],
    } },
  })
  renderAt(<CertificateField kind={secrets} namespace="shop" name="shop-tls" />)
  expect(fetch).not.toHaveBeenCalled()
  expect(screen.getByText("Audited as a read of this Secret's tls.crt; the private key is not read.")).toBeInTheDocument()

  fireEvent.click(screen.getByRole('button', { name: 'Read certificate' }))

  const cert = await screen.findByRole('region', { name: 'Certificate' })
  expect(within(cert).getByText('expires in 12 days')).toBeInTheDocument()
  expect(cert).toHaveTextContent('until 2026-12-18 UTC')
  expect(cert).toHaveTextContent('shop.example.com, www.shop.example.com')
  expect(cert).toHaveTextContent("CN=R11,O=Let's Encrypt,C=US")
  expect(cert).toHaveTextContent('2 certificates (EC, SHA256withECDSA)')
  expect(fetch.mock.calls[0][1]?.method).toBe('POST')
})

test('a Secret without a certificate says so, with the server’s words', async () => {
  mockFetch({ [URL_]: { status: 422, body: { code: 'certificate_unreadable', message: 'secret shop-tls has no tls.crt (type Opaque)', requestId: 'r' } } })
  renderAt(<CertificateField kind={secrets} namespace="shop" name="shop-tls" />)
  fireEvent.click(screen.getByRole('button', { name: 'Read certificate' }))
  expect(await screen.findByRole('alert')).toHaveTextContent('secret shop-tls has no tls.crt (type Opaque)')
})

test.each([
  ['EXPIRES_SOON', 0, 23, 'expires in 23 hours'],
  ['EXPIRES_SOON', 0, 0, 'expires in under an hour'],
  ['EXPIRED', 0, -1, 'expired 1 hour ago'],
  ['EXPIRED', -2, -50, 'expired 2 days ago'],
])('a %s certificate with %i days (%i hours) left reads "%s"', async (state, daysLeft, hoursLeft, words) => {
  mockFetch({ [URL_]: { body: { state, daysLeft, hoursLeft, expiresAt: '2026-12-18T09:00:00Z', certificates: [
    { subject: 'CN=a', issuer: 'CN=b', names: ['a'], notBefore: '2026-09-19T09:00:00Z', notAfter: '2026-12-18T09:00:00Z', authority: false,
      serialNumber: '2a', keyAlgorithm: 'EC', signatureAlgorithm: 'SHA256withECDSA' }] } } })
  renderAt(<CertificateField kind={secrets} namespace="shop" name="shop-tls" />)
  fireEvent.click(screen.getByRole('button', { name: 'Read certificate' }))
  expect(within(await screen.findByRole('region', { name: 'Certificate' })).getByText(words)).toBeInTheDocument()
})
