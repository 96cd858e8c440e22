import { screen } from '@testing-library/react'
import { afterEach, expect, test, vi } from 'vitest'
import { mockFetch } from '../../test/fetchMock'
import { renderAt } from '../../test/render'
import { AccessDeniedPage } from './AccessDeniedPage'

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
