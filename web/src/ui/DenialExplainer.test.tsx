import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { ApiError } from '../api/client'
import { ErrorState } from './ErrorState'

afterEach(() => vi.unstubAllGlobals())

const userYaml = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\n# user alice\n'
const groupYaml = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\n# group oidc:devs\n'

const refused = () => new ApiError(403, {
  code: 'forbidden',
  message: 'secrets "db" is forbidden: User "alice" cannot get resource "secrets" in API group "" in the namespace "shop"',
  requestId: 'req-1',
  details: {
    denied: { user: 'alice', verb: 'get', apiGroup: '', resource: 'secrets', subresource: '', namespace: 'shop', name: 'db', path: '' },
    askAdmin: {
      summary: 'get secrets "db" in namespace "shop"', scope: 'namespace', note: '',
      grants: [{ subjectKind: 'User', subject: 'alice', yaml: userYaml }, { subjectKind: 'Group', subject: 'oidc:devs', yaml: groupYaml }],
    },
  },
})

test('a refusal shows the grant to ask for, bound to the person or one of their groups, with a copy button', async () => {
  const writeText = vi.fn(async () => {})
  vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } })
  render(<ErrorState error={refused()} />)

  expect(screen.getByRole('alert')).toHaveTextContent('You do not have access')
  expect(within(screen.getByRole('alert')).queryByTestId('denial-yaml')).not.toBeInTheDocument()
  const panel = screen.getByRole('region', { name: 'Ask a cluster admin for this' })
  expect(panel).toHaveTextContent('This Role and RoleBinding allows exactly get secrets "db" in namespace "shop"')
  expect(panel).toHaveTextContent('Periscope never applies it')
  expect(within(panel).getByTestId('denial-yaml').textContent).toBe(userYaml)
  expect(within(panel).getByRole('radio', { name: 'you alice' })).toHaveAttribute('aria-checked', 'true')

  fireEvent.click(within(panel).getByRole('radio', { name: 'group oidc:devs' }))
  expect(within(panel).getByTestId('denial-yaml').textContent).toBe(groupYaml)
  expect(panel).toHaveTextContent('Binding a group grants this to everyone in it')

  fireEvent.click(within(panel).getByRole('button', { name: 'Copy YAML' }))
  await waitFor(() => expect(writeText).toHaveBeenCalledWith(groupYaml))
  expect(await within(panel).findByText('Copied')).toBeInTheDocument()
})

test('a cluster-wide refusal names ClusterRole and ClusterRoleBinding and a single grant has no chooser', () => {
  const e = refused()
  Object.assign(e.details, { askAdmin: { summary: 'list nodes cluster-wide', scope: 'cluster', note: '', grants: [{ subjectKind: 'User', subject: 'alice', yaml: userYaml }] } })
  render(<ErrorState error={e} />)

  expect(screen.getByTestId('denial-explainer')).toHaveTextContent('This ClusterRole and ClusterRoleBinding allows exactly list nodes cluster-wide')
  expect(screen.queryByRole('radiogroup')).not.toBeInTheDocument()
})

test('other errors, and 403s without an explanation, show no grant', () => {
  const { unmount } = render(<ErrorState error={new ApiError(403, { code: 'csrf_token', message: 'missing CSRF token', requestId: 'r' })} />)
  expect(screen.queryByTestId('denial-explainer')).not.toBeInTheDocument()
  unmount()
  const notForbidden = new ApiError(500, { code: 'internal_error', message: 'boom', requestId: 'r', details: refused().details })
  render(<ErrorState error={notForbidden} />)
  expect(screen.queryByTestId('denial-explainer')).not.toBeInTheDocument()
})
