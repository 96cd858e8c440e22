import { fireEvent, screen } from '@testing-library/react'
import { expect, test } from 'vitest'
import { renderAt } from '../../test/render'
import type { WhoAmI } from './api'
import { UserMenu } from './UserMenu'

const me: WhoAmI = {
  subject: 'auth0|alice', email: 'alice@corp.example', groups: [], mode: 'shared', tier: null,
  expiresAt: new Date(Date.now() + 3600_000).toISOString(), auditAdmin: false, administrator: false, csrfToken: 't',
}

test('in shared mode with the server identity the user menu says the clusters see Periscope, not the person', () => {
  renderAt(<UserMenu me={{ ...me, clusterIdentity: 'server' }} />)
  expect(screen.getByTitle("Clusters see Periscope's own identity, not you")).toHaveTextContent('as Periscope')
  fireEvent.click(screen.getByRole('button', { name: /Account/ }))
  const panel = screen.getByRole('dialog', { name: 'Account details' })
  expect(panel).toHaveTextContent('Clusters seePeriscope, not you: everyone shares its permissions.')
  expect(panel).toHaveTextContent('audit log still records your actions under your name')
})

test('when the person is impersonated the user menu says the clusters see them', () => {
  renderAt(<UserMenu me={{ ...me, mode: 'tier', tier: 'read', clusterIdentity: 'person' }} />)
  expect(screen.queryByText('as Periscope')).toBeNull()
  fireEvent.click(screen.getByRole('button', { name: /Account/ }))
  expect(screen.getByRole('dialog', { name: 'Account details' })).toHaveTextContent('Clusters seeyou (auth0|alice)')
})
