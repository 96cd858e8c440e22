import { fireEvent, screen, waitFor, within } from '@testing-library/react'
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


/** The tab of a person who may apply, its live YAML loaded and Edit pressed: the editor, writable. */
async function editing(): Promise<HTMLElement> {
  setCsrfToken('tok')
  renderAt(<YamlTab kind={kind} namespace="shop" name="web" canApply={{ allowed: true }} />)
  const editor = await screen.findByRole('textbox', { name: 'YAML of web' })
  await waitFor(() => expect(editor).toHaveValue(live))
  fireEvent.click(screen.getByRole('button', { name: 'Edit' }))
  return editor
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

test('a dry run that meets fields another manager owns lists the owners, then a forced dry run shows the diff before a forced apply', async () => {
  const calls: string[] = []
  vi.stubGlobal('fetch', vi.fn(async (input: RequestInfo | URL) => {
    const url = String(input)
    if (url === `${path}/yaml`) return new Response(live, { status: 200, headers: { 'Content-Type': 'application/yaml' } })
    calls.push(url.slice(path.length))
    if (url.endsWith('/apply?dryRun=true')) {
      return json(409, {
        code: 'apply_conflict', message: 'apply conflicts with fields owned by other managers', requestId: 'r1',
        conflicts: [{ field: '.spec.replicas', manager: 'kube-controller-manager', message: 'conflict with "kube-controller-manager" with subresource "scale"' }],
      })
    }
    if (url.endsWith('/apply?dryRun=true&force=true')) return json(200, { changes: [{ op: 'replace', path: '/spec/replicas', from: 2, to: 4 }] })
    if (url.endsWith('/apply?force=true')) return json(200, {})
    return json(404, { code: 'not_found', message: url, requestId: 'x' })
  }))
  const editor = await editing()
  fireEvent.change(editor, { target: { value: live.replace('replicas: 2', 'replicas: 4') } })
  fireEvent.click(screen.getByRole('button', { name: 'Dry run' }))

  const conflict = await screen.findByRole('alert')
  expect(conflict).toHaveTextContent('Other field managers own these fields')
  expect(conflict).toHaveTextContent('kube-controller-manager')
  expect(screen.queryByText('Dry run failed')).not.toBeInTheDocument()
  // Nothing is applied from the conflict: the forced dry run's diff comes first.
  fireEvent.click(screen.getByRole('button', { name: 'Dry run with force' }))
  const forced = await screen.findByRole('region', { name: 'Dry-run result' })
  expect(forced).toHaveTextContent('/spec/replicas')
  expect(forced).toHaveTextContent('With force: applying takes the fields other managers own')
  expect(calls).toEqual(['/apply?dryRun=true', '/apply?dryRun=true&force=true'])
  fireEvent.click(screen.getByRole('button', { name: 'Force apply' }))

  expect(await screen.findByText('Applied (field manager periscope).')).toBeInTheDocument()
  expect(calls).toEqual(['/apply?dryRun=true', '/apply?dryRun=true&force=true', '/apply?force=true'])
})

test('a person who may not apply sees Edit disabled with the reason as text a keyboard reaches, not only a tooltip', async () => {
  vi.stubGlobal('fetch', vi.fn(async () => new Response(live, { status: 200 })))
  renderAt(<YamlTab kind={kind} namespace="shop" name="web" canApply={{ allowed: false, reason: "Your role doesn't allow editing deployments here" }} />)
  const edit = await screen.findByRole('button', { name: 'Edit' })
  expect(edit).toBeDisabled()
  expect(edit).toHaveAttribute('title', "Your role doesn't allow editing deployments here")
  const why = screen.getByTestId('refused-actions')
  const summary = within(why).getByText('Why an action is unavailable')
  summary.focus()
  expect(summary).toHaveFocus()
  expect(why).toHaveTextContent("Your role doesn't allow editing deployments here")
})

test('a person who may apply sees no refusal text beside Edit', async () => {
  vi.stubGlobal('fetch', vi.fn(async () => new Response(live, { status: 200 })))
  renderAt(<YamlTab kind={kind} namespace="shop" name="web" canApply={{ allowed: true }} />)
  await waitFor(() => expect(screen.getByRole('button', { name: 'Edit' })).toBeEnabled())
  expect(screen.queryByTestId('refused-actions')).toBeNull()
})

const read = live.replace('  namespace: shop\n', '  namespace: shop\n  resourceVersion: "41"\n')
const latest = read.replace('"41"', '"57"').replace('replicas: 2', 'replicas: 3')
const objectChanged = {
  code: 'object_changed', requestId: 'r2',
  message: 'Deployment shop/web changed since it was read (the edit carries resourceVersion 41, the live object is at 57); nothing was applied.',
}

/** The apiserver as Periscope answers it: the object moved to resourceVersion 57 after the first read; applies carrying 41 are refused. */
function changedUnderneath(calls: { url: string; body: string }[]) {
  let reads = 0
  return vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input)
    if (url === `${path}/yaml`) {
      calls.push({ url, body: '' })
      return new Response(reads++ === 0 ? read : latest, { status: 200, headers: { 'Content-Type': 'application/yaml' } })
    }
    const body = String(init?.body)
    calls.push({ url, body })
    if (body.includes('resourceVersion: "41"')) return json(409, objectChanged)
    if (url.endsWith('/apply?dryRun=true')) {
      return json(200, { dryRun: true, live: {}, proposed: {}, changes: [{ path: '/spec/replicas', op: 'replace', before: 3, after: 5 }] })
    }
    if (url.endsWith('/apply')) return json(200, {})
    return json(404, { code: 'not_found', message: url, requestId: 'x' })
  })
}

async function editReplicasTo5() {
  const editor = await screen.findByRole('textbox', { name: 'YAML of web' })
  await waitFor(() => expect(editor).toHaveValue(read))
  fireEvent.click(screen.getByRole('button', { name: 'Edit' }))
  const edited = read.replace('replicas: 2', 'replicas: 5')
  fireEvent.change(editor, { target: { value: edited } })
  return { editor, edited }
}

test('object_changed on the dry run: no field-manager table or Force apply; re-apply re-reads, rebases the edit and dry-runs before applying', async () => {
  const calls: { url: string; body: string }[] = []
  vi.stubGlobal('fetch', changedUnderneath(calls))
  setCsrfToken('tok')
  renderAt(<YamlTab kind={kind} namespace="shop" name="web" canApply={{ allowed: true }} />)
  const { editor, edited } = await editReplicasTo5()
  calls.length = 0
  fireEvent.click(screen.getByRole('button', { name: 'Dry run' }))

  const changed = await screen.findByRole('alert', { name: 'Deployment web changed since you opened it' })
  expect(changed).toHaveTextContent('nothing was applied')
  expect(screen.queryByRole('button', { name: 'Apply' })).toBeNull()
  expect(screen.queryByText('Other field managers own these fields')).toBeNull()
  expect(screen.queryByRole('button', { name: 'Force apply' })).toBeNull()
  expect(editor).toHaveValue(edited)
  const reapply = screen.getByRole('button', { name: 'Re-apply onto the latest' })
  expect(reapply).toHaveFocus()
  fireEvent.click(reapply)

  const result = await screen.findByRole('region', { name: 'Dry-run result' })
  expect(result).toHaveTextContent('/spec/replicas')
  const rebased = edited.replace('"41"', '"57"')
  expect(editor).toHaveValue(rebased)
  expect(calls.map((c) => c.url.slice(path.length))).toEqual(['/apply?dryRun=true', '/yaml', '/apply?dryRun=true'])
  expect(calls[2].body).toBe(rebased)
  fireEvent.click(screen.getByRole('button', { name: 'Apply' }))

  expect(await screen.findByText('Applied (field manager periscope).')).toBeInTheDocument()
  expect(calls.filter((c) => c.url === `${path}/apply`)).toEqual([{ url: `${path}/apply`, body: rebased }])
})

test('object_changed on apply (it moved after the dry run): the same choices; discard drops the edit and shows the latest', async () => {
  const calls: { url: string; body: string }[] = []
  let moved = false
  const apiserver = changedUnderneath(calls)
  // Here the dry run still matches (41 is live); the object moves before Apply.
  vi.stubGlobal('fetch', vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    if (!moved && String(input).endsWith('/apply?dryRun=true')) {
      return json(200, { dryRun: true, live: {}, proposed: {}, changes: [{ path: '/spec/replicas', op: 'replace', before: 2, after: 5 }] })
    }
    return apiserver(input, init)
  }))
  setCsrfToken('tok')
  renderAt(<YamlTab kind={kind} namespace="shop" name="web" canApply={{ allowed: true }} />)
  const { editor } = await editReplicasTo5()
  fireEvent.click(screen.getByRole('button', { name: 'Dry run' }))
  await screen.findByRole('region', { name: 'Dry-run result' })
  moved = true
  fireEvent.click(screen.getByRole('button', { name: 'Apply' }))

  await screen.findByRole('alert', { name: 'Deployment web changed since you opened it' })
  expect(screen.queryByRole('button', { name: 'Force apply' })).toBeNull()
  fireEvent.click(screen.getByRole('button', { name: 'Discard my edit and reload' }))

  await waitFor(() => expect(editor).toHaveValue(latest))
  expect(editor).toHaveAttribute('readonly')
  expect(screen.queryByRole('alert')).toBeNull()
  expect(screen.getByRole('button', { name: 'Edit' })).toBeEnabled()
  expect(calls.filter((c) => c.url.endsWith('/apply'))).toHaveLength(1)
})

test('a dry run the apiserver refuses (422) shows why; fixing the YAML or Back to editing leaves the error', async () => {
  vi.stubGlobal('fetch', vi.fn(async (input: RequestInfo | URL) => {
    const url = String(input)
    if (url === `${path}/yaml`) return new Response(live, { status: 200, headers: { 'Content-Type': 'application/yaml' } })
    if (url.endsWith('/apply?dryRun=true')) {
      return json(422, { code: 'invalid', message: 'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1', requestId: 'r2' })
    }
    return json(404, { code: 'not_found', message: url, requestId: 'x' })
  }))
  const editor = await editing()
  fireEvent.change(editor, { target: { value: live.replace('replicas: 2', 'replicas: -1') } })
  fireEvent.click(screen.getByRole('button', { name: 'Dry run' }))

  expect(await screen.findByText('Dry run failed')).toBeInTheDocument()
  expect(screen.queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument()
  fireEvent.change(editor, { target: { value: live.replace('replicas: 2', 'replicas: 1') } })
  expect(screen.queryByText('Dry run failed')).not.toBeInTheDocument()

  fireEvent.click(screen.getByRole('button', { name: 'Dry run' }))
  expect(await screen.findByText('Dry run failed')).toBeInTheDocument()
  fireEvent.click(screen.getByRole('button', { name: 'Back to editing' }))
  expect(screen.queryByText('Dry run failed')).not.toBeInTheDocument()
  expect(editor).not.toHaveAttribute('readonly')
})

test('a dry run that changes nothing leaves Apply disabled (nothing to apply); editing again and a dry run with a change enables it', async () => {
  vi.stubGlobal('fetch', vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input)
    if (url === `${path}/yaml`) return new Response(live, { status: 200, headers: { 'Content-Type': 'application/yaml' } })
    if (url.endsWith('/apply?dryRun=true')) {
      const changed = String(init?.body).includes('replicas: 5')
      return json(200, { dryRun: true, live: {}, proposed: {}, changes: changed ? [{ path: '/spec/replicas', op: 'replace', before: 2, after: 5 }] : [] })
    }
    return json(404, { code: 'not_found', message: url, requestId: 'x' })
  }))
  const editor = await editing()
  fireEvent.click(await screen.findByRole('button', { name: 'Dry run' }))
  expect(await screen.findByRole('region', { name: 'Dry-run result' })).toHaveTextContent('0 changes')
  expect(screen.getByRole('button', { name: 'Apply' })).toBeDisabled()

  fireEvent.change(editor, { target: { value: live.replace('replicas: 2', 'replicas: 5') } })
  fireEvent.click(screen.getByRole('button', { name: 'Dry run' }))
  await waitFor(() => expect(screen.getByRole('region', { name: 'Dry-run result' })).toHaveTextContent('1 change'))
  expect(screen.getByRole('button', { name: 'Apply' })).toBeEnabled()
})
