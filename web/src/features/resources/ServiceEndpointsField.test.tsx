import { screen, within } from '@testing-library/react'
import { afterEach, expect, test, vi } from 'vitest'
import { mockFetch } from '../../test/fetchMock'
import { renderAt } from '../../test/render'
import type { KubeObject } from './api'
import { ServiceEndpointsField } from './ServiceEndpointsField'

afterEach(() => vi.unstubAllGlobals())

const SLICES = '/api/clusters/prod/resources/discovery.k8s.io/v1/endpointslices'
const web = { kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { selector: { app: 'web' } } } as unknown as KubeObject
const endpoint = (ip: string, pod: string, ready: boolean) => ({ addresses: [ip], targetRef: { kind: 'Pod', name: pod }, conditions: { ready } })

test("a Service's endpoints: its slices read whole by the service-name label, the ready count, each pod linked and marked when not ready", async () => {
  const fetch = mockFetch({
    [SLICES]: { body: { kind: 'Table', columnDefinitions: [], metadata: {}, rows: [
      { cells: [], object: { kind: 'EndpointSlice', metadata: { name: 'web-abc' }, endpoints: [endpoint('10.0.0.2', 'web-b', false), endpoint('10.0.0.1', 'web-a', true)], ports: [{ port: 8080 }] } },
    ] } },
  })
  renderAt(<ServiceEndpointsField cluster="prod" service={web} />)

  expect(await screen.findByText('1 ready · 1 not ready')).toBeInTheDocument()
  expect(screen.getByText('Traffic goes to the ready pods only')).toBeInTheDocument()
  const items = within(screen.getByRole('list', { name: 'Endpoints' })).getAllByRole('listitem')
  expect(items.map((i) => i.textContent)).toEqual(['web-a10.0.0.1', 'web-b10.0.0.2not ready'])
  expect(within(items[1]).getByRole('link', { name: 'web-b' })).toHaveAttribute('href', '/clusters/prod/r/core/v1/pods?ns=shop&sel=shop%2Fweb-b')
  const url = new URL(String(fetch.mock.calls[0][0]), 'http://localhost')
  expect(Object.fromEntries(url.searchParams)).toEqual({ namespace: 'shop', labelSelector: 'kubernetes.io/service-name=web', includeObject: 'Object' })
})

test('a selector that matches no pod is an outage, said in words', async () => {
  mockFetch({ [SLICES]: { body: { kind: 'EndpointSliceList', metadata: {}, items: [] } } })
  renderAt(<ServiceEndpointsField cluster="prod" service={web} />)
  expect(await screen.findByText('No running pod matches the selector: requests to this Service fail')).toBeInTheDocument()
})
