import { fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, expect, test, vi } from 'vitest'
import { resetClientState, setCsrfToken } from '../../api/client'
import { renderAt } from '../../test/render'
import { YamlTab } from './YamlTab'

// Monaco does not run in jsdom; a textarea stands in for the lazy editor chunk.
vi.mock('./YamlEditor', () => ({
  default: ({ value, onChange, readOnly, label }: { value: string; onChange?: (v: string) => void; readOnly: boolean; label: string }) => (
    <textarea aria-label={label} value={value} readOnly={readOnly} onChange={(e) => onChange?.(e.target.value)} />
  ),
}))

const kind = { cluster: 'prod', group: 'apps', version: 'v1', plural: 'deployments' }
const path = '/api/clusters/prod/resources/apps/v1/deployments/shop/web'
const live = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  replicas: 2\n'

afterEach(() => {
  resetClientState()
  vi.unstubAllGlobals()
})

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

test('edit → dry-run diff → apply conflict lists the owners → force apply sends force=true with the edited YAML', async () => {
  const calls: { url: string; body: string }[] = []
  vi.stubGlobal('fetch', vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input)
    if (url === `${path}/yaml`) return new Response(live, { status: 200, headers: { 'Content-Type': 'application/yaml' } })
    calls.push({ url, body: String(init?.body) })
    if (url.endsWith('/apply?dryRun=true')) {
      return json(200, { dryRun: true, live: {}, proposed: {}, changes: [{ path: '/spec/replicas', op: 'replace', before: 2, after: 5 }] })
    }
    if (url.endsWith('/apply')) {
      return json(409, {
        code: 'apply_conflict', message: 'Apply failed with 1 conflict', requestId: 'r1',
        conflicts: [{ field: '.spec.replicas', manager: 'kubectl-client-side-apply', message: 'conflict with "kubectl-client-side-apply"' }],
      })
    }
    if (url.endsWith('/apply?force=true')) return json(200, {})
    return json(404, { code: 'not_found', message: url, requestId: 'x' })
  }))
  setCsrfToken('tok')
  renderAt(<YamlTab kind={kind} namespace="shop" name="web" canApply={{ allowed: true }} />)

  const editor = await screen.findByRole('textbox', { name: 'YAML of web' })
  await waitFor(() => expect(editor).toHaveValue(live))
  expect(editor).toHaveAttribute('readonly')
  fireEvent.click(screen.getByRole('button', { name: 'Edit' }))
  await waitFor(() => expect(editor).not.toHaveAttribute('readonly'))
  const edited = live.replace('replicas: 2', 'replicas: 5')
  fireEvent.change(editor, { target: { value: edited } })
  fireEvent.click(screen.getByRole('button', { name: 'Dry run' }))

  const result = await screen.findByRole('region', { name: 'Dry-run result' })
  expect(result).toHaveTextContent('1 change')
  expect(result).toHaveTextContent('/spec/replicas')
  fireEvent.click(screen.getByRole('button', { name: 'Apply' }))

  const conflict = await screen.findByRole('alert')
  expect(conflict).toHaveTextContent('Other field managers own these fields')
  expect(conflict).toHaveTextContent('.spec.replicas')
  expect(conflict).toHaveTextContent('kubectl-client-side-apply')
  fireEvent.click(screen.getByRole('button', { name: 'Force apply' }))

  expect(await screen.findByText('Applied (field manager periscope).')).toBeInTheDocument()
  expect(calls.map((c) => c.url.slice(path.length))).toEqual(['/apply?dryRun=true', '/apply', '/apply?force=true'])
  expect(calls.every((c) => c.body === edited)).toBe(true)
})

test('a person who may not apply sees Edit disabled with the reason', async () => {
  vi.stubGlobal('fetch', vi.fn(async () => new Response(live, { status: 200 })))
  renderAt(<YamlTab kind={kind} namespace="shop" name="web" canApply={{ allowed: false, reason: "Your role doesn't allow editing deployments here" }} />)
  const edit = await screen.findByRole('button', { name: 'Edit' })
  expect(edit).toBeDisabled()
  expect(edit.parentElement).toHaveAttribute('title', "Your role doesn't allow editing deployments here")
})
