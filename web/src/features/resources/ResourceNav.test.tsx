import { screen } from '@testing-library/react'
import { afterEach, expect, test, vi } from 'vitest'
import { mockFetch } from '../../test/fetchMock'
import { renderAt } from '../../test/render'
import { ResourceNav } from './ResourceNav'

const kind = (k: string, plural: string, group: string, namespaced: boolean) => ({ group, version: 'v1', kind: k, plural, namespaced, verbs: ['list'], shortNames: [], subresources: [] })
const discovery = {
  cluster: 'prod',
  kinds: [kind('Pod', 'pods', '', true), kind('Deployment', 'deployments', 'apps', true), kind('Node', 'nodes', '', false)],
  problems: [],
  fetchedAt: '2026-11-23T10:00:00Z',
}
afterEach(() => vi.unstubAllGlobals())

test('the namespace of the list shown carries over to the other namespaced kinds, not to cluster-scoped ones', async () => {
  mockFetch({ '/api/clusters/prod/discovery': { body: discovery } })
  renderAt(<ResourceNav cluster="prod" collapsed={false} />, { path: '/clusters/prod/r/core/v1/pods?ns=payments&sel=payments%2Fapi', route: '*' })
  expect(await screen.findByRole('link', { name: 'Deployments' })).toHaveAttribute('href', '/clusters/prod/r/apps/v1/deployments?ns=payments')
  expect(screen.getByRole('link', { name: 'Pods' })).toHaveAttribute('href', '/clusters/prod/r/core/v1/pods?ns=payments')
  expect(screen.getByRole('link', { name: 'Nodes' })).toHaveAttribute('href', '/clusters/prod/r/core/v1/nodes')
})

test('without a namespace chosen, or off the lists, the links are plain', async () => {
  mockFetch({ '/api/clusters/prod/discovery': { body: discovery } })
  renderAt(<ResourceNav cluster="prod" collapsed={false} />, { path: '/clusters/prod/fix-first?ns=payments', route: '*' })
  expect(await screen.findByRole('link', { name: 'Deployments' })).toHaveAttribute('href', '/clusters/prod/r/apps/v1/deployments')
})
