import { screen, within } from '@testing-library/react'
import { afterEach, expect, test, vi } from 'vitest'
import { mockFetch } from '../../test/fetchMock'
import { renderAt } from '../../test/render'
import { IngressRoutes } from './IngressRoutes'

afterEach(() => vi.unstubAllGlobals())

const slices = (ready: boolean[]) => ({ body: { kind: 'EndpointSliceList', metadata: {}, items: [{ kind: 'EndpointSlice', metadata: { name: 's' },
  endpoints: ready.map((r, i) => ({ addresses: [`10.0.0.${i}`], conditions: { ready: r } })) }] } })

test("each route's backend Service is linked with its ready pods; a Service that does not exist says so; TLS names its Secret", async () => {
  const fetch = mockFetch({})
  // One slice list per Service, told apart by the label selector.
  fetch.mockImplementation(async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://localhost')
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
    if (url.pathname.endsWith('/endpointslices')) {
      return json(200, slices(url.searchParams.get('labelSelector') === 'kubernetes.io/service-name=web' ? [true, true] : [false]).body)
    }
    if (url.pathname.endsWith('/services/checkout/web')) return json(200, { kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' } } })
    if (url.pathname.endsWith('/services/checkout/recs')) return json(200, { kind: 'Service', metadata: { name: 'recs' }, spec: { selector: { app: 'recs' } } })
    return json(404, { code: 'not_found', message: 'services "gone" not found', requestId: 'r' })
  })
  renderAt(<IngressRoutes cluster="prod" namespace="checkout" facts={{
    className: 'nginx',
    routes: [
      { host: 'shop.example.com', path: '/', pathType: 'Prefix', backend: { service: 'web', port: '80' } },
      { host: 'shop.example.com', path: '/recs', pathType: 'Prefix', backend: { service: 'recs', port: '80' } },
      { host: 'shop.example.com', path: '/old', pathType: 'Prefix', backend: { service: 'gone', port: '80' } },
    ],
    tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
    addresses: [],
  }} />)

  const rows = within(screen.getByRole('list', { name: 'Routes' })).getAllByRole('listitem')
  expect(await within(rows[0]).findByText('2 ready')).toBeInTheDocument()
  expect(await within(rows[1]).findByText('0 ready · 1 not ready')).toBeInTheDocument()
  expect(await within(rows[2]).findByText('no such Service')).toBeInTheDocument()
  expect(within(rows[0]).getByRole('link', { name: 'web:80' })).toHaveAttribute('href', '/clusters/prod/r/core/v1/services?ns=checkout&sel=checkout%2Fweb')
  expect(rows[1]).toHaveTextContent('shop.example.com/recs')
  expect(within(screen.getByRole('list', { name: 'TLS' })).getByRole('link', { name: 'shop-tls' }))
    .toHaveAttribute('href', '/clusters/prod/r/core/v1/secrets?ns=checkout&sel=checkout%2Fshop-tls')
})
