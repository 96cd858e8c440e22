import { fireEvent, screen, within } from '@testing-library/react'
import { afterEach, expect, test, vi } from 'vitest'
import { resetClientState, setCsrfToken } from '../../api/client'
import { mockFetch } from '../../test/fetchMock'
import { renderAt } from '../../test/render'
import { RevisionsTab } from './RevisionsTab'

const kind = { cluster: 'prod', group: 'apps', version: 'v1', plural: 'deployments' }
const PATH = '/api/clusters/prod/resources/apps/v1/deployments/shop/web'
afterEach(() => {
  resetClientState()
  vi.unstubAllGlobals()
})

const revisions = {
  revisions: [
    { revision: 3, name: 'web-cc', images: ['shop:2.2'], changeCause: 'bump to 2.2', created: '2026-11-03T10:00:00Z', replicas: 2, readyReplicas: 2, current: true },
    { revision: 2, name: 'web-bb', images: ['shop:2.1'], changeCause: null, created: '2026-11-02T10:00:00Z', replicas: 0, readyReplicas: 0, current: false },
  ],
}

test('the history lists each revision; rolling back asks first, says what changes, and POSTs the revision with the CSRF header', async () => {
  const fetch = mockFetch({ [`${PATH}/revisions`]: { body: revisions }, [`${PATH}/rollback`]: { body: {} } })
  setCsrfToken('tok')
  renderAt(<RevisionsTab kind={kind} kindName="Deployment" namespace="shop" name="web" object={undefined} canRollBack={{ allowed: true }} />)

  const table = await screen.findByRole('table', { name: 'Revisions' })
  const rows = within(table).getAllByRole('row')
  expect(rows[1]).toHaveTextContent('3current')
  expect(rows[1]).toHaveTextContent('shop:2.2')
  expect(rows[1]).toHaveTextContent('bump to 2.2')
  expect(within(rows[1]).queryByRole('button')).not.toBeInTheDocument()
  expect(rows[2]).toHaveTextContent('no change cause recorded')

  fireEvent.click(within(rows[2]).getByRole('button', { name: 'Roll back to 2' }))
  const dialog = screen.getByRole('dialog', { name: 'Roll back web' })
  expect(dialog).toHaveTextContent('Now3: shop:2.2')
  expect(dialog).toHaveTextContent('Then2: shop:2.1')
  expect(fetch.mock.calls.filter(([, init]) => init?.method === 'POST')).toHaveLength(0)
  fireEvent.click(within(dialog).getByRole('button', { name: 'Roll back to 2' }))

  expect(await screen.findByRole('status')).toHaveTextContent("Rolled back to revision 2's template")
  const [url, init] = fetch.mock.calls.find(([, i]) => i?.method === 'POST')!
  expect(String(url)).toBe(`${PATH}/rollback`)
  expect(JSON.parse(String(init?.body))).toEqual({ revision: 2 })
  expect((init?.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok')
})

test('a role that may not patch the Deployment sees the button disabled with the reason, readable without hovering', async () => {
  mockFetch({ [`${PATH}/revisions`]: { body: revisions } })
  renderAt(<RevisionsTab kind={kind} kindName="Deployment" namespace="shop" name="web" object={undefined}
    canRollBack={{ allowed: false, denied: true, reason: "Your role doesn't allow rolling back deployments here" }} />)
  const button = await screen.findByRole('button', { name: 'Roll back to 2' })
  expect(button).toBeDisabled()
  expect(button.parentElement).toHaveAttribute('title', "Your role doesn't allow rolling back deployments here")
  // A disabled button takes no focus, so its title never reaches the keyboard: the reason is said under the table.
  const refused = screen.getByTestId('refused-actions')
  expect(within(refused).getByText('Why an action is unavailable')).toBeInTheDocument()
  expect(within(refused).getByRole('listitem')).toHaveTextContent("Your role doesn't allow rolling back deployments here")
})

test("a DaemonSet's ControllerRevisions have no pods of their own: no Pods column", async () => {
  const ds = { cluster: 'prod', group: 'apps', version: 'v1', plural: 'daemonsets' }
  mockFetch({
    '/api/clusters/prod/resources/apps/v1/daemonsets/kube-system/aws-node/revisions': { body: { revisions: [
      { revision: 2, name: 'aws-node-6d8f', images: ['602401143452.dkr.ecr.us-east-1.amazonaws.com/amazon-k8s-cni:v1.19.2-eksbuild.1'], changeCause: null, created: null, replicas: null, readyReplicas: null, current: true },
      { revision: 1, name: 'aws-node-5c7e', images: ['cni:1.18'], changeCause: null, created: null, replicas: null, readyReplicas: null, current: false },
    ] } },
  })
  renderAt(<RevisionsTab kind={ds} kindName="DaemonSet" namespace="kube-system" name="aws-node" object={undefined} canRollBack={{ allowed: true }} />)
  const table = await screen.findByRole('table', { name: 'Revisions' })
  expect(within(table).queryByRole('columnheader', { name: 'Pods' })).not.toBeInTheDocument()
  expect(within(table).getAllByRole('row')[2]).toHaveTextContent('aws-node-5c7e')
  const image = within(within(table).getAllByRole('row')[1]).getByTitle('602401143452.dkr.ecr.us-east-1.amazonaws.com/amazon-k8s-cni:v1.19.2-eksbuild.1')
  expect(image).toHaveTextContent(/^amazon-k8s-cni:v1\.19\.2-eksbuild\.1$/)
  fireEvent.click(within(table).getByRole('button', { name: 'Roll back to 1' }))
  expect(screen.getByRole('dialog', { name: 'Roll back aws-node' })).toHaveTextContent('The DaemonSet takes that revision')
})
