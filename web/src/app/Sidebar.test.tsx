import { screen, within } from '@testing-library/react'
import { afterEach, expect, test, vi } from 'vitest'
import { mockFetch } from '../test/fetchMock'
import { clusterInfo } from '../test/clusters'
import { renderAt } from '../test/render'
import { Sidebar } from './Sidebar'

afterEach(() => vi.unstubAllGlobals())

test('a URL naming a cluster that is not registered gets no pages of it in the sidebar and no discovery error', async () => {
  mockFetch({
    '/api/clusters': { body: { clusters: [clusterInfo('prod')] } },
    '/api/auth/whoami': { body: { subject: 'dana', groups: [], tier: 'write' } },
  })
  renderAt(<Sidebar collapsed={false} />, { path: '/clusters/nope/r/core/v1/pods', route: '/clusters/:cluster/*' })
  const section = await screen.findByRole('group', { name: 'nope' })
  // It offered Overview, Who can and Fix first of "nope", and "Discovery failed: no cluster named 'nope'" in red.
  expect(await within(section).findByText(/No cluster named nope is registered/)).toBeInTheDocument()
  expect(within(section).queryByRole('link', { name: 'Overview' })).not.toBeInTheDocument()
  expect(screen.queryByRole('group', { name: 'Resources' })).not.toBeInTheDocument()
  expect(screen.queryByText(/Discovery failed/)).not.toBeInTheDocument()
})

test('a registered cluster gets its pages', async () => {
  mockFetch({
    '/api/clusters': { body: { clusters: [clusterInfo('prod')] } },
    '/api/clusters/prod/discovery': { body: { kinds: [], problems: [] } },
  })
  renderAt(<Sidebar collapsed={false} />, { path: '/clusters/prod', route: '/clusters/:cluster/*' })
  const section = await screen.findByRole('group', { name: 'prod' })
  expect(within(section).getByRole('link', { name: 'Overview' })).toHaveAttribute('href', '/clusters/prod')
})
