import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { mockFetch } from '../../test/fetchMock'
import { renderAt } from '../../test/render'
import type { AuditEvent } from './api'
import { AuditPage } from './AuditPage'

const ev = (id: number): AuditEvent => ({
  id, time: '2026-03-01T10:01:00.123456Z', requestId: `r${id}`, actor: { sub: 'alice', email: 'alice@corp.example', groups: ['sre'] },
  verb: 'delete', target: { cluster: 'prod', namespace: 'payments', resource: 'pods', name: `api-${id}` }, outcome: 'denied', reason: 'forbidden', extra: {},
})
const me = { subject: 'alice', email: 'alice@corp.example', groups: [], mode: 'tier', tier: 'admin', expiresAt: new Date(Date.now() + 3600_000).toISOString(), auditAdmin: true, administrator: true, csrfToken: 't' }

beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600)
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1000)
})
afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

test('filters from the URL reach the API and the export links; the next page loads by cursor; the chain status shows', async () => {
  const fetch = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://localhost')
    const body =
      url.pathname === '/api/auth/whoami' ? me
      : url.pathname === '/api/audit/verify' ? { ok: true, rowsChecked: 4, anchorId: 0, headId: 4, headHash: 'abc', brokenLink: null }
      : url.searchParams.get('cursor') === 'c2' ? { items: [ev(2), ev(1)], nextCursor: null }
      : { items: [ev(4), ev(3)], nextCursor: 'c2' }
    return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } })
  })
  vi.stubGlobal('fetch', fetch)
  renderAt(<AuditPage />, { path: '/audit?verb=delete&outcome=denied', route: '/audit' })

  expect(await screen.findByText('prod · payments · pods/api-1')).toBeInTheDocument()
  const urls = fetch.mock.calls.map(([u]) => String(u)).filter((u) => u.startsWith('/api/audit?'))
  expect(urls[0]).toBe('/api/audit?verb=delete&outcome=denied&limit=200')
  expect(urls[1]).toBe('/api/audit?verb=delete&outcome=denied&limit=200&cursor=c2')
  expect(screen.getByRole('link', { name: 'CSV' })).toHaveAttribute('href', '/api/audit/export?verb=delete&outcome=denied&format=csv')
  await waitFor(() => expect(screen.getByText(/Chain intact/)).toBeInTheDocument())
  // Local times say their zone: compared with CloudTrail or a colleague's screen, an unmarked time misleads.
  expect(screen.getAllByRole('columnheader')[0].textContent).toMatch(/^Time \(UTC([+-]\d\d:\d\d)?\)$/)
})

test('no rows: says so, and a filtered view clears every filter at a click', async () => {
  mockFetch({ '/api/auth/whoami': { body: { ...me, auditAdmin: false } }, '/api/audit': { body: { items: [], nextCursor: null } } })
  const { router } = renderAt(<AuditPage />, { path: '/audit?q=nothing&outcome=denied&changes=1', route: '/audit' })
  expect(await screen.findByText('No audit events match')).toBeInTheDocument()
  // Inside the sentence it looks like a link (a ghost button read as plain text with a gap before the period).
  expect(screen.getByRole('button', { name: 'clear them all' })).toHaveClass('underline')
  fireEvent.click(screen.getByRole('button', { name: 'clear them all' }))
  await waitFor(() => expect(router.state.location.search).toBe(''))
  expect(await screen.findByText('No audit events yet')).toBeInTheDocument()
})

test('older events wait behind a button until the end scrolls near; no spinner turns while nothing loads', async () => {
  const firstPage = Array.from({ length: 200 }, (_, i) => ev(1000 - i))
  const fetch = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://localhost')
    const body =
      url.pathname === '/api/auth/whoami' ? { ...me, auditAdmin: false }
      : url.searchParams.get('cursor') === 'c2' ? { items: [ev(800), ev(799)], nextCursor: null }
      : { items: firstPage, nextCursor: 'c2' }
    return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } })
  })
  vi.stubGlobal('fetch', fetch)
  renderAt(<AuditPage />, { path: '/audit', route: '/audit' })

  expect(await screen.findByText('prod · payments · pods/api-1000')).toBeInTheDocument()
  const older = screen.getByRole('button', { name: 'Load older events' })
  expect(screen.queryByRole('status', { name: /Loading older events/ })).not.toBeInTheDocument()
  const pageCalls = () => fetch.mock.calls.map(([u]) => String(u)).filter((u) => u.startsWith('/api/audit?'))
  expect(pageCalls()).toEqual(['/api/audit?limit=200'])

  fireEvent.click(older)
  await waitFor(() => expect(pageCalls()).toEqual(['/api/audit?limit=200', '/api/audit?limit=200&cursor=c2']))
  await waitFor(() => expect(screen.queryByRole('button', { name: 'Load older events' })).not.toBeInTheDocument())
})

test("a principal ARN shows its resource part in the row, the whole ARN in the cell's title", async () => {
  const arn = 'arn:aws:iam::123456789012:role/prod-deploy-bot'
  const row = { ...ev(7), verb: 'aws_identity_read', target: { cluster: 'prod', namespace: '', resource: 'accessentries', name: arn } }
  mockFetch({ '/api/auth/whoami': { body: { ...me, auditAdmin: false } }, '/api/audit': { body: { items: [row], nextCursor: null } } })
  renderAt(<AuditPage />, { path: '/audit', route: '/audit' })

  const cell = await screen.findByText('prod · accessentries/role/prod-deploy-bot')
  expect(cell).toHaveAttribute('title', `prod · accessentries/${arn}`)
})

test('the IAM reads of one request fold into one row that opens on a click', async () => {
  const read = (id: number, name: string) => ({ ...ev(id), requestId: 'req-1', verb: 'aws_iam_read', outcome: 'success' as const,
    target: { cluster: 'prod', namespace: '', resource: 'iam-roles', name } })
  const items = [read(5, 'role/a'), read(4, 'role/b'), read(3, 'role/c'), ev(2)]
  mockFetch({ '/api/auth/whoami': { body: { ...me, auditAdmin: false } }, '/api/audit': { body: { items, nextCursor: null } } })
  renderAt(<AuditPage />, { path: '/audit', route: '/audit' })

  const folded = await screen.findByRole('row', { name: /aws_iam_read ×3/ })
  expect(folded).toHaveAttribute('aria-expanded', 'false')
  expect(folded).toHaveTextContent('prod · 3 iam-roles')
  expect(screen.queryByText('prod · iam-roles/role/b')).not.toBeInTheDocument()
  expect(screen.getByText('prod · payments · pods/api-2')).toBeInTheDocument()

  fireEvent.click(folded)

  expect(folded).toHaveAttribute('aria-expanded', 'true')
  expect(await screen.findByText('prod · iam-roles/role/b')).toBeInTheDocument()
  expect(screen.getByText('prod · iam-roles/role/a')).toBeInTheDocument()
  expect(screen.getByText('prod · iam-roles/role/c')).toBeInTheDocument()
})

test('text filters apply while typing, after a pause, without Enter; the actor field takes a subject or an email', async () => {
  const fetch = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://localhost')
    const body = url.pathname === '/api/auth/whoami' ? me : { items: [ev(1)], nextCursor: null }
    return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } })
  })
  vi.stubGlobal('fetch', fetch)
  renderAt(<AuditPage />, { path: '/audit?verb=delete', route: '/audit' })
  expect(await screen.findByText('prod · payments · pods/api-1')).toBeInTheDocument()
  const pageCalls = () => fetch.mock.calls.map(([u]) => String(u)).filter((u) => u.startsWith('/api/audit?'))

  const actor = screen.getByRole('textbox', { name: 'Actor' })
  expect(actor).toHaveAttribute('placeholder', 'subject or email')
  for (const prefix of ['S', 'Sa', 'Sam', 'Sam@periscope.local']) fireEvent.change(actor, { target: { value: prefix } })
  expect(actor).toHaveValue('Sam@periscope.local')
  expect(pageCalls()).toEqual(['/api/audit?verb=delete&limit=200'])

  await waitFor(() => expect(pageCalls()).toContain('/api/audit?actor=Sam%40periscope.local&verb=delete&limit=200'))
  expect(pageCalls()).toHaveLength(2)
  expect(screen.getByRole('link', { name: 'CSV' })).toHaveAttribute('href', '/api/audit/export?actor=Sam%40periscope.local&verb=delete&format=csv')

  // A search with nothing to match yet (the API refuses one without a letter or digit) waits for a letter.
  fireEvent.change(screen.getByRole('textbox', { name: 'Search' }), { target: { value: '-' } })
  await new Promise((r) => setTimeout(r, 400))
  expect(pageCalls()).toHaveLength(2)
  fireEvent.change(screen.getByRole('textbox', { name: 'Search' }), { target: { value: '-n' } })
  await waitFor(() => expect(pageCalls()).toContain('/api/audit?actor=Sam%40periscope.local&verb=delete&q=-n&limit=200'))
})

test('the verb menu groups the server\'s verbs by kind; "changes and access" asks for changes=true and a verb clears it', async () => {
  const verbs = { kinds: [
    { kind: 'change', inChanges: true, verbs: ['apply', 'delete'] },
    { kind: 'access', inChanges: true, verbs: ['exec', 'port_forward'] },
    { kind: 'read', inChanges: false, verbs: ['log_open', 'aws_eks_read'] },
    { kind: 'sign_in', inChanges: false, verbs: ['auth.login'] },
  ] }
  const fetch = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://localhost')
    const body = url.pathname === '/api/auth/whoami' ? me : url.pathname === '/api/audit/verbs' ? verbs : { items: [ev(1)], nextCursor: null }
    return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } })
  })
  vi.stubGlobal('fetch', fetch)
  renderAt(<AuditPage />, { path: '/audit?verb=log_open', route: '/audit' })
  const pageCalls = () => fetch.mock.calls.map(([u]) => String(u)).filter((u) => u.startsWith('/api/audit?'))

  const select = screen.getByRole('combobox', { name: 'Verb' })
  expect(select).toHaveValue('log_open')
  await waitFor(() => expect(screen.getByRole('group', { name: 'Reads' })).toBeInTheDocument())
  expect(within(screen.getByRole('group', { name: 'Privileged access' })).getAllByRole('option').map((o) => o.textContent)).toEqual(['exec', 'port_forward'])
  expect(screen.getAllByRole('option', { name: 'log_open' })).toHaveLength(1)

  fireEvent.change(select, { target: { value: ':changes' } })
  await waitFor(() => expect(pageCalls()).toContain('/api/audit?changes=true&limit=200'))
  expect(select).toHaveAttribute('title', expect.stringContaining('apply, delete, exec, port_forward'))
  expect(screen.getByRole('link', { name: 'CSV' })).toHaveAttribute('href', '/api/audit/export?changes=true&format=csv')

  fireEvent.change(select, { target: { value: 'apply' } })
  await waitFor(() => expect(pageCalls()).toContain('/api/audit?verb=apply&limit=200'))
  expect(pageCalls().filter((u) => u.includes('changes') && u.includes('verb'))).toEqual([])
})

test('a link with changes=1 opens on the changes, even when the verb list cannot be read', async () => {
  mockFetch({ '/api/auth/whoami': { body: me }, '/api/audit': { body: { items: [ev(1)], nextCursor: null } }, '/api/audit/verbs': { status: 503, body: { code: 'x', message: 'down', requestId: 'r' } } })
  renderAt(<AuditPage />, { path: '/audit?changes=1', route: '/audit' })
  expect(await screen.findByText('prod · payments · pods/api-1')).toBeInTheDocument()
  expect(screen.getByRole('combobox', { name: 'Verb' })).toHaveValue(':changes')
})

test('a link to an event beyond the pages read opens it from a one-event read', async () => {
  const fetch = mockFetch({
    '/api/auth/whoami': { body: { ...me, auditAdmin: false } },
    '/api/audit': { body: { items: [ev(900), ev(899)], nextCursor: 'c2' } },
    '/api/audit/42': { body: { ...ev(42), reason: 'pods "api-42" is forbidden' } },
  })
  renderAt(<AuditPage />, { path: '/audit?sel=42', route: '/audit' })

  expect(await screen.findByText('pods "api-42" is forbidden')).toBeInTheDocument()
  const pane = screen.getByRole('complementary', { name: 'Audit event 42' })
  expect(within(pane).getByRole('heading', { name: 'Event #42' })).toBeInTheDocument()
  expect(within(pane).getByText('api-42')).toBeInTheDocument()
  expect(fetch.mock.calls.map(([u]) => String(u))).toContain('/api/audit/42')
})

test('an event the person may not see, or that is gone, says so instead of opening nothing', async () => {
  mockFetch({
    '/api/auth/whoami': { body: { ...me, auditAdmin: false } },
    '/api/audit': { body: { items: [ev(900)], nextCursor: null } },
    '/api/audit/7': { status: 404, body: { code: 'not_found', message: 'audit event 7 not found or not visible to you', requestId: 'r' } },
  })
  const { router } = renderAt(<AuditPage />, { path: '/audit?sel=7', route: '/audit' })

  const pane = await screen.findByRole('complementary', { name: 'Audit event 7' })
  expect(await within(pane).findByText('Event 7 not found or not visible to you')).toBeInTheDocument()
  fireEvent.click(within(pane).getByRole('button', { name: 'Close' }))
  await waitFor(() => expect(router.state.location.search).toBe(''))
  expect(screen.queryByRole('complementary')).not.toBeInTheDocument()
})

test('an id that is none is not asked for, and says the same', async () => {
  const fetch = mockFetch({ '/api/auth/whoami': { body: me }, '/api/audit': { body: { items: [], nextCursor: null } } })
  renderAt(<AuditPage />, { path: '/audit?sel=abc', route: '/audit' })

  expect(await screen.findByText('Event abc not found or not visible to you')).toBeInTheDocument()
  expect(screen.getByText('No audit events yet')).toBeInTheDocument()
  expect(fetch.mock.calls.map(([u]) => String(u)).filter((u) => /^\/api\/audit\/(?!verbs|verify)/.test(u))).toEqual([])
})

/** Below 1024 px (`max-lg`) the pane has no room beside the list: a row click used to open a hidden one. */
test('narrow, a row opens its detail as a drawer over the list; Escape closes it and the focus goes back to the row', async () => {
  vi.stubGlobal('matchMedia', (q: string) => ({ matches: q === '(width < 64rem)', media: q, addEventListener() {}, removeEventListener() {} }))
  mockFetch({ '/api/auth/whoami': { body: me }, '/api/audit': { body: { items: [ev(3), ev(2)], nextCursor: null } } })
  const { router } = renderAt(<AuditPage />, { path: '/audit', route: '/audit' })

  const row = (await screen.findByText('prod · payments · pods/api-2')).closest<HTMLElement>('[role="row"]')!
  row.focus()
  fireEvent.click(row)

  // A modal dialog over the list, said so to a screen reader: it was an unlabelled-as-modal complementary region
  // that took the focus and let Tab walk on into the rows it covered.
  const pane = await screen.findByRole('dialog', { name: 'Audit event 2' })
  expect(pane).toHaveAttribute('aria-modal', 'true')
  // Over the list below lg, beside it from lg; never hidden.
  expect(pane.className).not.toMatch(/max-lg:hidden/)
  expect(pane).toHaveClass('max-lg:fixed', 'max-lg:inset-y-0', 'max-lg:right-0')
  const heading = within(pane).getByRole('heading', { name: 'Event #2' })
  expect(heading).toHaveFocus()
  // Tab stays inside: back from the heading to the last stop, on from the last stop to the first (Close).
  const close = within(pane).getByRole('button', { name: 'Close' })
  const stops = [...pane.querySelectorAll<HTMLElement>('a[href], button, [tabindex="0"]')]
  fireEvent.keyDown(heading, { key: 'Tab', shiftKey: true })
  expect(stops.at(-1)).toHaveFocus()
  fireEvent.keyDown(stops.at(-1)!, { key: 'Tab' })
  expect(close).toHaveFocus()

  fireEvent.keyDown(close, { key: 'Escape' })
  await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
  expect(router.state.location.search).toBe('')
  await waitFor(() => expect(screen.getByText('prod · payments · pods/api-2').closest('[role="row"]')).toHaveFocus())
})

test('wide, the detail is a side panel beside the list: not modal, and the focus stays on the row', async () => {
  vi.stubGlobal('matchMedia', (q: string) => ({ matches: false, media: q, addEventListener() {}, removeEventListener() {} }))
  mockFetch({ '/api/auth/whoami': { body: me }, '/api/audit': { body: { items: [ev(3), ev(2)], nextCursor: null } } })
  renderAt(<AuditPage />, { path: '/audit', route: '/audit' })

  const row = (await screen.findByText('prod · payments · pods/api-2')).closest<HTMLElement>('[role="row"]')!
  row.focus()
  fireEvent.click(row)
  const pane = await screen.findByRole('complementary', { name: 'Audit event 2' })
  expect(pane).not.toHaveAttribute('aria-modal')
  expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
  expect(row).toHaveFocus()
})

test('the shade beside the drawer is a clear modal shade in both themes and closes it too', async () => {
  mockFetch({ '/api/auth/whoami': { body: me }, '/api/audit': { body: { items: [ev(3)], nextCursor: null } } })
  renderAt(<AuditPage />, { path: '/audit?sel=3', route: '/audit' })

  await screen.findByRole('complementary', { name: 'Audit event 3' })
  const shade = screen.getByTestId('audit-detail-shade')
  // A modal shade in both themes (jsdom has no stylesheet: the classes are read): slate at 40 % was faint on the dark page.
  expect(shade).toHaveClass('fixed', 'inset-0', 'bg-slate-900/40', 'dark:bg-black/60', 'lg:hidden')
  fireEvent.click(shade)
  await waitFor(() => expect(screen.queryByRole('complementary')).not.toBeInTheDocument())
})

/**
 * At 1024 px with the pane open the table had ~22rem, and its columns followed the window's width: Target and
 * Outcome were cut off the right edge. The columns now follow the table's own width (a container query) and,
 * narrow, each row is two lines in three columns. jsdom lays nothing out, so this reads the classes; the
 * widths themselves are checked in a browser (NarrowLayoutE2ETest) and on screenshots.
 */
test('the columns follow the table\'s own width, and a narrow table puts target and outcome in its three columns', async () => {
  mockFetch({ '/api/auth/whoami': { body: me }, '/api/audit': { body: { items: [ev(3)], nextCursor: null } } })
  renderAt(<AuditPage />, { path: '/audit?sel=3', route: '/audit' })

  await screen.findByRole('complementary', { name: 'Audit event 3' })
  const table = screen.getByRole('grid', { name: 'Audit events' })
  expect(table).toHaveClass('@container')
  const row = within(table).getAllByRole('row')[1]
  expect(row).toHaveClass('@max-2xl:grid-cols-[10rem_minmax(0,1fr)_5.5rem]', '@max-2xl:grid-rows-2')
  const [time, actor, verb, target, outcome] = within(row).getAllByRole('gridcell')
  expect(time).toHaveClass('@max-2xl:col-start-1', '@max-2xl:row-start-1')
  expect(actor).toHaveClass('@max-2xl:col-start-1', '@max-2xl:row-start-2')
  expect(verb).toHaveClass('@max-2xl:col-start-2', '@max-2xl:row-start-1')
  expect(target).toHaveClass('@max-2xl:col-start-2', '@max-2xl:row-start-2')
  expect(outcome).toHaveClass('@max-2xl:col-start-3', '@max-2xl:row-span-2')
  // One line there: Chromium broke the actor at its <wbr> anyway, over the time above it.
  expect(actor).toHaveClass('@max-2xl:truncate', '@max-2xl:[&_wbr]:hidden')
  // No column follows the window: that is what cut Target and Outcome off with the pane open.
  for (const el of [row, time, actor, verb, target, outcome]) {
    expect([...el.classList].filter((c) => /^(max-)?xl:/.test(c))).toEqual([])
  }
  expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([expect.stringMatching(/^Time/), 'Actor', 'Verb', 'Target', 'Outcome'])
})

/** The list's rows that Tab stops at. */
const tabStops = () => screen.getAllByRole('row').filter((r) => r.tabIndex === 0)
const rowOf = (id: number) => screen.getByText(`prod · payments · pods/api-${id}`).closest<HTMLElement>('[role="row"]')!

test('the list is one Tab stop: arrows, Page keys, Home and End move the focus through its rows', async () => {
  // 60 rows: jsdom's 600 px show ~17 of them, the rest are not rendered until scrolled to.
  const items = Array.from({ length: 60 }, (_, i) => ev(100 - i))
  mockFetch({ '/api/auth/whoami': { body: me }, '/api/audit': { body: { items, nextCursor: null } } })
  renderAt(<AuditPage />, { path: '/audit', route: '/audit' })

  await screen.findByText('prod · payments · pods/api-100')
  // Every row was a Tab stop: getting past the list took one Tab per row.
  expect(tabStops()).toEqual([rowOf(100)])

  rowOf(100).focus()
  fireEvent.keyDown(rowOf(100), { key: 'ArrowDown' })
  await waitFor(() => expect(rowOf(99)).toHaveFocus())
  expect(tabStops()).toEqual([rowOf(99)])
  fireEvent.keyDown(rowOf(99), { key: 'ArrowUp' })
  await waitFor(() => expect(rowOf(100)).toHaveFocus())
  // A page is what fits in the table, less one row kept for context: 600 px / 36 px → 15 rows.
  fireEvent.keyDown(rowOf(100), { key: 'PageDown' })
  await waitFor(() => expect(rowOf(85)).toHaveFocus())
  fireEvent.keyDown(rowOf(85), { key: 'PageUp' })
  await waitFor(() => expect(rowOf(100)).toHaveFocus())
  fireEvent.keyDown(rowOf(100), { key: 'End' })
  await waitFor(() => expect(rowOf(41)).toHaveFocus())
  expect(tabStops()).toEqual([rowOf(41)])
  fireEvent.keyDown(rowOf(41), { key: 'ArrowDown' })
  await waitFor(() => expect(rowOf(41)).toHaveFocus())
  fireEvent.keyDown(rowOf(41), { key: 'Home' })
  await waitFor(() => expect(rowOf(100)).toHaveFocus())
  // The stop that was scrolled to stays in the DOM when scrolled away from: the list always has its one Tab stop.
  fireEvent.keyDown(rowOf(100), { key: 'End' })
  await waitFor(() => expect(rowOf(41)).toHaveFocus())
  fireEvent.scroll(screen.getByRole('grid', { name: 'Audit events' }), { target: { scrollTop: 0 } })
  expect(tabStops()).toEqual([rowOf(41)])
})

test('Enter and Space open the row as a click does; the focus stays on it, and comes back to it when the detail closes', async () => {
  mockFetch({ '/api/auth/whoami': { body: me }, '/api/audit': { body: { items: [ev(3), ev(2), ev(1)], nextCursor: null } } })
  const { router } = renderAt(<AuditPage />, { path: '/audit', route: '/audit' })

  await screen.findByText('prod · payments · pods/api-3')
  rowOf(3).focus()
  fireEvent.keyDown(rowOf(3), { key: 'ArrowDown' })
  await waitFor(() => expect(rowOf(2)).toHaveFocus())
  fireEvent.keyDown(rowOf(2), { key: 'Enter' })
  const pane = await screen.findByRole('complementary', { name: 'Audit event 2' })
  expect(router.state.location.search).toBe('?sel=2')
  expect(rowOf(2)).toHaveFocus()
  expect(rowOf(2)).toHaveAttribute('aria-selected', 'true')
  expect(tabStops()).toEqual([rowOf(2)])

  fireEvent.keyDown(rowOf(2), { key: 'ArrowDown' })
  await waitFor(() => expect(rowOf(1)).toHaveFocus())
  const space = fireEvent.keyDown(rowOf(1), { key: ' ' })
  // Space opens, and does not scroll the table as it would by default.
  expect(space).toBe(false)
  await waitFor(() => expect(pane).toHaveAccessibleName('Audit event 1'))
  expect(rowOf(1)).toHaveFocus()

  fireEvent.click(within(screen.getByRole('complementary', { name: 'Audit event 1' })).getByRole('button', { name: 'Close' }))
  await waitFor(() => expect(screen.queryByRole('complementary')).not.toBeInTheDocument())
  await waitFor(() => expect(rowOf(1)).toHaveFocus())
  expect(tabStops()).toEqual([rowOf(1)])
})

test('a row opened by its link is the Tab stop; on a folded request Enter unfolds it', async () => {
  const read = (id: number, name: string) => ({ ...ev(id), requestId: 'req-1', verb: 'aws_iam_read', outcome: 'success' as const,
    target: { cluster: 'prod', namespace: '', resource: 'iam-roles', name } })
  mockFetch({ '/api/auth/whoami': { body: me }, '/api/audit': { body: { items: [ev(9), read(5, 'role/a'), read(4, 'role/b'), ev(2)], nextCursor: null } } })
  renderAt(<AuditPage />, { path: '/audit?sel=2', route: '/audit' })

  await screen.findByRole('complementary', { name: 'Audit event 2' })
  expect(tabStops()).toEqual([rowOf(2)])
  const folded = screen.getByRole('row', { name: /aws_iam_read ×2/ })
  // A click focuses it too (rows outside the Tab order still take the focus): it becomes the stop.
  act(() => folded.focus())
  expect(tabStops()).toEqual([folded])
  fireEvent.keyDown(folded, { key: 'Enter' })
  expect(folded).toHaveAttribute('aria-expanded', 'true')
  expect(await screen.findByText('prod · iam-roles/role/b')).toBeInTheDocument()
})
