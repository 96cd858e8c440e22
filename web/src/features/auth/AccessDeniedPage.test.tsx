import { fireEvent, screen } from '@testing-library/react'
import { afterEach, expect, test, vi } from 'vitest'
import { mockFetch } from '../../test/fetchMock'
import { renderAt } from '../../test/render'
import type { WhoAmI } from './api'
import { AccessDeniedPage } from './AccessDeniedPage'
import { UserMenu } from './UserMenu'

afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

test('the access-denied page names the account, the setting, and the ways out, without asking the server anything', () => {
  const fetch = mockFetch({})
  renderAt(<AccessDeniedPage />, { path: '/access-denied?as=mallory%40example.com', route: '/access-denied' })

  expect(screen.getByRole('heading', { name: "You don't have access to Periscope" })).toBeInTheDocument()
  expect(screen.getByText('mallory@example.com')).toBeInTheDocument()
  expect(screen.getByText('auth.authorization.allowedGroups')).toBeInTheDocument()
  expect(screen.getByRole('link', { name: 'Sign out of the identity provider' })).toHaveAttribute('href', '/api/auth/idp-logout')
  expect(screen.getByRole('link', { name: 'Try again' })).toHaveAttribute('href', '/api/auth/login')
  expect(fetch).not.toHaveBeenCalled()
})

const me: WhoAmI = {
  subject: 'auth0|alice', email: 'alice@corp.example', groups: [], mode: 'shared', tier: null,
  expiresAt: new Date(Date.now() + 3600_000).toISOString(), auditAdmin: false, csrfToken: 't',
}

test('in shared mode with the server identity the user menu says the clusters see Periscope, not the person', () => {
  renderAt(<UserMenu me={{ ...me, clusterIdentity: 'server' }} />)
  fireEvent.click(screen.getByRole('button', { name: /Account/ }))
  const panel = screen.getByRole('dialog', { name: 'Account details' })
  expect(panel).toHaveTextContent('Clusters seePeriscope, not you: everyone shares its permissions.')
  expect(panel).toHaveTextContent('audit log still records your actions under your name')
})

test('when the person is impersonated the user menu says the clusters see them', () => {
  renderAt(<UserMenu me={{ ...me, mode: 'tier', tier: 'read', clusterIdentity: 'person' }} />)
  fireEvent.click(screen.getByRole('button', { name: /Account/ }))
  expect(screen.getByRole('dialog', { name: 'Account details' })).toHaveTextContent('Clusters seeyou (auth0|alice)')
})
