import { fireEvent, screen, within } from '@testing-library/react'
import { FleetReverseLookupPage } from './FleetReverseLookupPage'
import { mockFetch } from '../../test/fetchMock'
import { renderAt } from '../../test/render'
import type { FleetReverseLookupAnswer, ReverseLookupAnswer } from './api'

afterEach(() => vi.unstubAllGlobals())

const LOOKUP = '/api/aws/reverse-lookup'

const clusterAnswer = (cluster: string, serviceAccount: string, pods: string[]): ReverseLookupAnswer => ({
  cluster, action: 's3:DeleteBucket', resource: null, namespace: null,
  matches: [{
    namespace: 'shop', serviceAccount, roleArn: `arn:aws:iam::123456789012:role/${serviceAccount}`, source: 'IRSA', decision: 'ALLOWED',
    wildcard: false, pods,
    statements: [{ policy: 'inline:buckets', sid: '', index: 0, allow: true, conditional: false, matchedBy: 's3:DeleteBucket', resources: ['*'] }],
  }],
  podsListed: 10, podsWithRole: 4, rolesChecked: 2, roleProblems: [], problems: [], fetchedAt: '2026-11-23T09:00:00Z',
  bound: 'upper bound from identity policies',
})

const fleet: FleetReverseLookupAnswer = {
  action: 's3:DeleteBucket', resource: null, namespace: null, partial: true, bound: 'upper bound from identity policies',
  clusters: [
    { cluster: 'broken', status: 'failed', code: 'forbidden', message: 'pods is forbidden: User "alice" cannot list resource "pods"', answer: null },
    { cluster: 'prod', status: 'ok', code: null, message: null, answer: clusterAnswer('prod', 'web', ['web-0', 'web-1']) },
    { cluster: 'slow', status: 'timed_out', code: 'timeout', message: 'no answer within 10000 ms', answer: null },
    { cluster: 'stage', status: 'ok', code: null, message: null, answer: { ...clusterAnswer('stage', 'janitor', ['janitor-0']) } },
    { cluster: 'kind', status: 'not_aws', code: null, message: 'its entry in clusters.yaml names no AWS region', answer: null },
  ],
}

test('asks every cluster once and shows the matches grouped by cluster, the status strip and the partial marker', async () => {
  const fetch = mockFetch({ '/api/identity/sensitive-catalog': { body: { actions: [] } }, [LOOKUP]: { body: fleet } })
  renderAt(<FleetReverseLookupPage />, { path: '/reverse-lookup?action=s3%3ADeleteBucket', route: '/reverse-lookup' })

  const sections = await screen.findAllByTestId('fleet-cluster')
  expect(sections.map((s) => within(s).getByRole('heading').textContent)).toEqual([
    expect.stringContaining('broken'), expect.stringContaining('prod'), expect.stringContaining('slow'), expect.stringContaining('stage'),
  ])
  const prod = screen.getByRole('region', { name: 'Cluster prod' })
  expect(within(prod).getByTestId('reverse-lookup-match')).toHaveTextContent('shop/web')
  expect(within(prod).getByRole('link', { name: 'web-0' })).toHaveAttribute('href', '/clusters/prod/r/core/v1/pods?ns=shop&sel=shop%2Fweb-0&tab=aws')
  expect(within(prod).getByRole('link', { name: 'prod' })).toHaveAttribute('href', '/clusters/prod/reverse-lookup?action=s3%3ADeleteBucket')
  const stage = screen.getByRole('region', { name: 'Cluster stage' })
  expect(within(stage).getByRole('link', { name: 'janitor-0' })).toHaveAttribute('href', expect.stringContaining('/clusters/stage/'))
  expect(screen.getByRole('region', { name: 'Cluster broken' })).toHaveTextContent('cannot list resource "pods"')
  expect(screen.getByRole('region', { name: 'Cluster slow' })).toHaveTextContent('no answer within 10000 ms')
  expect(screen.queryByRole('region', { name: 'Cluster kind' })).not.toBeInTheDocument()

  const strip = screen.getByRole('list', { name: 'Clusters asked' })
  const chips = within(strip).getAllByRole('listitem')
  expect(chips.map((c) => c.getAttribute('data-status'))).toEqual(['failed', 'ok', 'timed_out', 'ok', 'not_aws'])
  expect(chips[0]).toHaveTextContent('failed · forbidden')
  // The chip counts pods, like the headline: prod's one ServiceAccount runs two pods.
  expect(chips[1]).toHaveTextContent('prod' + 'answered' + '2 pods')
  expect(chips[3]).toHaveTextContent('stage' + 'answered' + '1 pod')
  expect(chips[2]).toHaveTextContent('timed out')
  expect(chips[4]).toHaveTextContent('not on AWS')
  expect(screen.getByTestId('fleet-partial')).toHaveTextContent('Partial answer: broken, slow did not answer')
  expect(screen.getByRole('status')).toHaveTextContent('3 pods on 2 of 2 answering clusters can s3:DeleteBucket')

  const asked = fetch.mock.calls.map(([u]) => String(u)).filter((u) => u.startsWith(LOOKUP))
  expect(asked).toEqual([`${LOOKUP}?action=s3%3ADeleteBucket`])
})

test('an answer from every cluster on AWS is not marked partial; a submitted form puts the question in the URL', async () => {
  const complete: FleetReverseLookupAnswer = { ...fleet, partial: false, clusters: fleet.clusters.filter((c) => c.status !== 'failed' && c.status !== 'timed_out') }
  const fetch = mockFetch({ '/api/identity/sensitive-catalog': { body: { actions: [] } }, [LOOKUP]: { body: complete } })
  const { router } = renderAt(<FleetReverseLookupPage />, { path: '/reverse-lookup', route: '/reverse-lookup' })

  expect(screen.getByText('Ask about an action')).toBeInTheDocument()
  fireEvent.change(screen.getByTestId('reverse-lookup-action'), { target: { value: 's3:DeleteBucket' } })
  fireEvent.change(screen.getByRole('textbox', { name: /Namespace/ }), { target: { value: 'shop' } })
  fireEvent.click(screen.getByRole('button', { name: 'Look up' }))

  await screen.findAllByTestId('fleet-cluster')
  expect(router.state.location.search).toBe('?action=s3%3ADeleteBucket&namespace=shop')
  expect(fetch.mock.calls.map(([u]) => String(u))).toContain(`${LOOKUP}?action=s3%3ADeleteBucket&namespace=shop`)
  expect(screen.queryByTestId('fleet-partial')).not.toBeInTheDocument()
})

test('a refusal of the whole question is shown as an error', async () => {
  mockFetch({
    '/api/identity/sensitive-catalog': { body: { actions: [] } },
    [LOOKUP]: { status: 400, body: { code: 'bad_request', message: 'action must be an IAM action name', requestId: 'r-1' } },
  })
  renderAt(<FleetReverseLookupPage />, { path: '/reverse-lookup?action=s3%3ADeleteBucket', route: '/reverse-lookup' })

  expect(await screen.findByRole('alert')).toHaveTextContent('action must be an IAM action name')
})
