import { screen } from '@testing-library/react'
import { expect, test } from 'vitest'
import { renderAt } from '../../test/render'
import { useCurrentCluster } from './hooks'

function Current() {
  return <output>{useCurrentCluster() ?? 'fleet'}</output>
}

test.each([
  ['/clusters/prod/r/core/v1/pods', '/clusters/:cluster/*', 'prod'],
  ['/helm?cluster=prod', '/helm', 'prod'],
  // Audit's and Images' `cluster` is a filter of their own: the Audit one is typed, so each pause in "fac…" named
  // a cluster "fac" for the switcher ("fac (not registered)") and the sidebar (its pages, its discovery asked for).
  ['/audit?cluster=fac', '/audit', 'fleet'],
  ['/images?cluster=prod', '/images', 'fleet'],
  ['/', '/', 'fleet'],
])('%s (route %s) is about %s', (path, route, expected) => {
  renderAt(<Current />, { path, route })
  expect(screen.getByRole('status')).toHaveTextContent(expected)
})
