import { fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, expect, test } from 'vitest'
import type { PathEdge, PathNode } from './api'
import { PathGraph, orderLayers } from './PathGraph'

const widths = {
  clientWidth: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientWidth'),
  scrollWidth: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'scrollWidth'),
}
afterEach(() => {
  for (const [name, d] of Object.entries(widths)) {
    if (d) Object.defineProperty(HTMLElement.prototype, name, d)
    else delete (HTMLElement.prototype as unknown as Record<string, unknown>)[name]
  }
})

const node = (id: string, kind: PathNode['kind']): PathNode => ({ id, kind, label: id, detail: '', incomplete: false })
const edge = (from: string, to: string): PathEdge => ({ from, to, explanation: '', conditional: false, incomplete: false })

test('each layer up to the roles follows the rows of the nodes leading to it, so edges from the demo run straight, not in an X', () => {
  // The server lists each layer by name: default over deploy-bot, but prod-deploy-bot over prod-platform-default.
  const nodes = [
    node('sa:platform/default', 'SERVICE_ACCOUNT'), node('sa:platform/deploy-bot', 'SERVICE_ACCOUNT'),
    node('role:prod-deploy-bot', 'IAM_ROLE'), node('role:prod-platform-default', 'IAM_ROLE'),
    node('action:iam:PassRole', 'ACTION'), node('action:s3:DeleteBucket', 'ACTION'), node('action:sts:AssumeRole', 'ACTION'),
  ]
  const edges = [
    edge('sa:platform/default', 'role:prod-platform-default'), edge('sa:platform/deploy-bot', 'role:prod-deploy-bot'),
    edge('role:prod-deploy-bot', 'action:iam:PassRole'), edge('role:prod-platform-default', 'action:iam:PassRole'),
    edge('role:prod-deploy-bot', 'action:sts:AssumeRole'), edge('role:prod-platform-default', 'action:s3:DeleteBucket'),
  ]
  const layers = orderLayers(nodes, edges).map((l) => l.map((n) => n.id))

  expect(layers[3]).toEqual(['sa:platform/default', 'sa:platform/deploy-bot'])
  expect(layers[4]).toEqual(['role:prod-platform-default', 'role:prod-deploy-bot'])
  // The actions are the answer, a list: by name, not by the roles leading to them.
  expect(layers[5]).toEqual(['action:iam:PassRole', 'action:s3:DeleteBucket', 'action:sts:AssumeRole'])
})

test('the sensitive actions are listed by name, whichever roles reach them and in whatever order the server sends them', () => {
  const nodes = [
    node('role:a', 'IAM_ROLE'), node('role:b', 'IAM_ROLE'),
    node('action:ssm:GetParameter', 'ACTION'), node('action:eks:UpdateClusterConfig', 'ACTION'), node('action:iam:PassRole', 'ACTION'),
    node('action:sts:AssumeRole', 'ACTION'), node('action:s3:GetObject', 'ACTION'),
  ]
  const edges = [
    // as in the demo: ssm:GetParameter from one role only, eks:UpdateClusterConfig and iam:PassRole from both
    edge('role:a', 'action:ssm:GetParameter'), edge('role:a', 'action:eks:UpdateClusterConfig'), edge('role:b', 'action:eks:UpdateClusterConfig'),
    edge('role:a', 'action:iam:PassRole'), edge('role:b', 'action:iam:PassRole'), edge('role:b', 'action:sts:AssumeRole'), edge('role:b', 'action:s3:GetObject'),
  ]
  expect(orderLayers(nodes, edges)[5].map((n) => n.label)).toEqual([
    'action:eks:UpdateClusterConfig', 'action:iam:PassRole', 'action:s3:GetObject', 'action:ssm:GetParameter', 'action:sts:AssumeRole',
  ])
})

test('a layer with nothing leading to it keeps the server order', () => {
  const nodes = [node('subject:User b', 'SUBJECT'), node('subject:User a', 'SUBJECT')]
  expect(orderLayers(nodes, [])[0].map((n) => n.id)).toEqual(['subject:User b', 'subject:User a'])
})

test('the sensitive actions are drawn whole, the catalog\'s longest included', () => {
  const nodes = [node('role:r', 'IAM_ROLE'), node('secretsmanager:GetSecretValue', 'ACTION'), node('iam:UpdateAssumeRolePolicy', 'ACTION')]
  const edges = [edge('role:r', 'secretsmanager:GetSecretValue'), edge('role:r', 'iam:UpdateAssumeRolePolicy')]
  const { container } = render(<PathGraph nodes={nodes} edges={edges} selected={null} onSelect={() => {}} highlighted={new Set()} />)

  const label = (id: string) => container.querySelector(`[data-node="${id}"] text`)?.textContent
  expect(label('secretsmanager:GetSecretValue')).toBe('secretsmanager:GetSecretValue')
  expect(label('iam:UpdateAssumeRolePolicy')).toBe('iam:UpdateAssumeRolePolicy')
})

test('the graph is drawn at its own size, never scaled down to its frame, and no text is under 11 px', () => {
  // Scaled to fit a 1024 px window, the graph's 11 px labels were about 7 px; its frame scrolls sideways instead.
  const nodes = [node('RoleBinding dev/edit', 'BINDING'), node('create workloads in shop', 'CAPABILITY'), node('s3:DeleteBucket', 'ACTION')]
  const edges = [edge('RoleBinding dev/edit', 'create workloads in shop'), edge('create workloads in shop', 's3:DeleteBucket')]
  const { container } = render(<PathGraph nodes={nodes} edges={edges} selected={null} onSelect={() => {}} highlighted={new Set()} />)

  const svg = container.querySelector('svg')!
  const [, , width, height] = svg.getAttribute('viewBox')!.split(' ')
  expect(svg.getAttribute('width')).toBe(width)
  expect(svg.getAttribute('height')).toBe(height)
  const sizes = [...svg.querySelectorAll('text')].map((t) => Number(/text-\[(\d+)px\]/.exec(t.getAttribute('class') ?? '')?.[1]))
  expect(sizes.length).toBeGreaterThan(6)
  expect(sizes.every((px) => px >= 11)).toBe(true)
})

test('a frame narrower than the graph says it goes on to the right, until scrolled to the end', async () => {
  // jsdom lays nothing out: the frame is 400 px wide (a phone's), the graph's six least columns 656 px.
  const frameOnly = (el: HTMLElement) => el.dataset.testid === 'attack-graph-frame'
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get() { return frameOnly(this) ? 400 : 0 } })
  Object.defineProperty(HTMLElement.prototype, 'scrollWidth', { configurable: true, get() { return frameOnly(this) ? 1200 : 0 } })
  const nodes = [node('sa:platform/default', 'SERVICE_ACCOUNT'), node('role:r', 'IAM_ROLE'), node('action:iam:PassRole', 'ACTION')]
  const edges = [edge('sa:platform/default', 'role:r'), edge('role:r', 'action:iam:PassRole')]
  const { getByTestId, queryByTestId } = render(<PathGraph nodes={nodes} edges={edges} selected={null} onSelect={() => {}} highlighted={new Set()} />)
  expect(getByTestId('graph-continues')).toHaveTextContent('scroll for more →')

  const frame = getByTestId('attack-graph-frame')
  frame.scrollLeft = 800
  fireEvent.scroll(frame)
  await waitFor(() => expect(queryByTestId('graph-continues')).not.toBeInTheDocument())
})

test('a graph that fits its frame says nothing more', () => {
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get() { return 1200 } })
  Object.defineProperty(HTMLElement.prototype, 'scrollWidth', { configurable: true, get() { return 1200 } })
  const { queryByTestId } = render(<PathGraph nodes={[node('role:r', 'IAM_ROLE')]} edges={[]} selected={null} onSelect={() => {}} highlighted={new Set()} />)
  expect(queryByTestId('graph-continues')).not.toBeInTheDocument()
})

test('many actions are packed close, one line each, so the answer stays within a screen and no box overlaps the next', () => {
  // The demo's developers reach 17 actions: at the pitch of the two-line layers the graph was ~850 px tall, its other
  // layers centred in empty space and its last actions below the fold.
  const actions = Array.from({ length: 17 }, (_, i) => node(`svc:Action${String(i).padStart(2, '0')}`, 'ACTION'))
  const nodes = [node('sa:platform/default', 'SERVICE_ACCOUNT'), node('role:r', 'IAM_ROLE'), ...actions]
  const edges = [edge('sa:platform/default', 'role:r'), ...actions.map((a) => edge('role:r', a.id))]
  const { container } = render(<PathGraph nodes={nodes} edges={edges} selected={null} onSelect={() => {}} highlighted={new Set()} />)

  const height = Number(container.querySelector('svg')!.getAttribute('height'))
  expect(height).toBeLessThan(600)
  const box = (id: string) => {
    const r = container.querySelector(`[data-node="${id}"] rect`)!
    return { y: Number(r.getAttribute('y')), h: Number(r.getAttribute('height')) }
  }
  const boxes = actions.map((a) => box(a.id))
  boxes.slice(1).forEach((b, i) => expect(b.y).toBeGreaterThanOrEqual(boxes[i].y + boxes[i].h))
  expect(boxes.at(-1)!.y + boxes.at(-1)!.h).toBeLessThanOrEqual(height)
  // Each edge still meets its action at the middle of the box, and the lone role sits centred against the column.
  const ends = [...container.querySelectorAll('[data-edge^="role:r→"] path:last-of-type')]
    .map((p) => Number(/,(-?[\d.]+)$/.exec(p.getAttribute('d')!)![1]))
  expect(ends).toEqual(boxes.map((b) => b.y + b.h / 2))
  const role = box('role:r')
  expect(role.y + role.h / 2).toBeCloseTo((boxes[0].y + boxes.at(-1)!.y + boxes.at(-1)!.h) / 2, 0)
})

test('a focused edge shows by shape, not colour alone: a ring (band and gap) around a thicker line, in both themes', () => {
  const nodes = [node('role:r', 'IAM_ROLE'), node('action:iam:PassRole', 'ACTION'), node('action:s3:DeleteBucket', 'ACTION')]
  const edges = [edge('role:r', 'action:iam:PassRole'), edge('role:r', 'action:s3:DeleteBucket')]
  const { container } = render(<PathGraph nodes={nodes} edges={edges} selected={null} onSelect={() => {}} highlighted={new Set()} />)

  // jsdom has no :focus-visible nor stylesheet: the classes that draw the ring are read; a browser draws them
  // (AttackPathsE2ETest). The focused edge was a lit edge in sky-500 instead of sky-600, beside lit edges of its path.
  const edgeEl = container.querySelector('[data-edge="role:r→action:iam:PassRole"]')!
  expect(edgeEl).toHaveClass('group', 'outline-none')
  const band = edgeEl.querySelector('[data-focus-ring="band"]')!
  const gap = edgeEl.querySelector('[data-focus-ring="gap"]')!
  expect(band).toHaveClass('stroke-transparent', 'group-focus-visible:stroke-slate-900', 'dark:group-focus-visible:stroke-slate-100')
  expect(gap).toHaveClass('stroke-transparent', 'group-focus-visible:stroke-white', 'dark:group-focus-visible:stroke-slate-900')
  expect(Number(band.getAttribute('stroke-width'))).toBeGreaterThan(Number(gap.getAttribute('stroke-width')))
  const line = edgeEl.querySelector('path:last-of-type')!
  expect(line).toHaveClass('group-focus-visible:[stroke-width:4px]')
  expect(Number(gap.getAttribute('stroke-width'))).toBeGreaterThan(4)
  // Drawn under the line, over the hit area; the same path.
  expect([...edgeEl.querySelectorAll('path')].map((p) => p.getAttribute('data-focus-ring'))).toEqual([null, 'band', 'gap', null])
  expect(new Set([...edgeEl.querySelectorAll('path')].map((p) => p.getAttribute('d'))).size).toBe(1)
})

test('an edge reached with the keyboard is scrolled to the middle of a narrow frame; one clicked is not', () => {
  // jsdom lays nothing out: the frame is 400 px wide, the graph's six least columns wider (at 1024 px, before the
  // columns were fitted to the frame, Tab went on past the fade and the view did not).
  const frameOnly = (el: HTMLElement) => el.dataset.testid === 'attack-graph-frame'
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get() { return frameOnly(this) ? 400 : 0 } })
  Object.defineProperty(HTMLElement.prototype, 'scrollWidth', { configurable: true, get() { return frameOnly(this) ? 1200 : 0 } })
  const nodes = [
    node('subject:Group developers', 'SUBJECT'), node('binding:RoleBinding platform/dev', 'BINDING'), node('cap:exec in platform', 'CAPABILITY'),
    node('sa:platform/default', 'SERVICE_ACCOUNT'), node('role:r', 'IAM_ROLE'), node('action:iam:PassRole', 'ACTION'),
  ]
  const edges = [
    edge('subject:Group developers', 'binding:RoleBinding platform/dev'), edge('binding:RoleBinding platform/dev', 'cap:exec in platform'),
    edge('cap:exec in platform', 'sa:platform/default'), edge('sa:platform/default', 'role:r'), edge('role:r', 'action:iam:PassRole'),
  ]
  const { container, getByTestId } = render(<PathGraph nodes={nodes} edges={edges} selected={null} onSelect={() => {}} highlighted={new Set()} />)
  const frame = getByTestId('attack-graph-frame')
  const scrolls: number[] = []
  frame.scrollTo = ((o: ScrollToOptions) => { scrolls.push(o.left ?? 0) }) as typeof frame.scrollTo
  const edgeTo = (id: string) => container.querySelector(`[data-edge$="→${id}"]`) as SVGGElement

  // In view and clear of the fade: the first edge stays put.
  edgeTo('binding:RoleBinding platform/dev').focus()
  expect(scrolls).toEqual([])
  // Six columns of 96 px, 16 apart: the ServiceAccount → role edge spans x 336-544 of the graph, 348-556 in the frame
  // (12 px padding): its middle 452, less half the frame.
  edgeTo('role:r').focus()
  expect(scrolls).toEqual([252])

  // A click focuses too, but is not :focus-visible: no scroll under the pointer.
  const matches = Element.prototype.matches
  Element.prototype.matches = function (this: Element, selector: string) {
    return selector === ':focus-visible' ? false : matches.call(this, selector)
  }
  try {
    edgeTo('action:iam:PassRole').focus()
    expect(scrolls).toEqual([252])
  } finally {
    Element.prototype.matches = matches
  }
})

test('at a 1024 px window the graph fits its frame and every label is there whole, wrapped rather than cut', () => {
  // The demo's developers: six columns of 168-216 px (1,196 px) in a frame offering ~726 px needed a sideways scroll to
  // reach the actions, and cut `exec into / attach to pods` to `exec into / attach to p…`.
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get() { return (this as HTMLElement).dataset.testid === 'attack-graph-frame' ? 750 : 0 } })
  const labelled = (id: string, kind: PathNode['kind'], label: string): PathNode => ({ id, kind, label, detail: '', incomplete: false })
  const nodes = [
    labelled('s', 'SUBJECT', 'Group developers'), labelled('b', 'BINDING', 'RoleBinding platform/developers-debug'),
    labelled('c', 'CAPABILITY', 'exec into / attach to pods in namespace platform'),
    labelled('sa1', 'SERVICE_ACCOUNT', 'platform/default'), labelled('sa2', 'SERVICE_ACCOUNT', 'platform/deploy-bot'),
    labelled('r1', 'IAM_ROLE', 'prod-platform-default'), labelled('r2', 'IAM_ROLE', 'prod-deploy-bot'),
    labelled('a1', 'ACTION', 'secretsmanager:GetSecretValue'), labelled('a2', 'ACTION', 'iam:UpdateAssumeRolePolicy'), labelled('a3', 'ACTION', 'iam:PassRole'),
  ]
  const edges = [edge('s', 'b'), edge('b', 'c'), edge('c', 'sa1'), edge('c', 'sa2'), edge('sa1', 'r1'), edge('sa2', 'r2'),
    edge('r1', 'a1'), edge('r1', 'a2'), edge('r2', 'a3')]
  const { container, queryByTestId } = render(<PathGraph nodes={nodes} edges={edges} selected={null} onSelect={() => {}} highlighted={new Set()} />)

  const svg = container.querySelector('svg')!
  expect(Number(svg.getAttribute('width'))).toBeLessThanOrEqual(750 - 24)
  expect(queryByTestId('graph-continues')).not.toBeInTheDocument()
  for (const n of nodes) {
    const g = container.querySelector(`[data-node="${n.id}"]`)!
    const lines = [...g.querySelectorAll('text')].map((t) => t.textContent!)
    // Every character of the label, in order (the spaces a line broke at are not drawn).
    expect(lines.join('').replace(/\s/g, ''), n.id).toBe(n.label.replace(/\s/g, ''))
    // Each line fits its box at 11 px mono (6.6 px a character) with the 8 px padding.
    const box = g.querySelector('rect')!
    lines.forEach((l) => expect(8 + l.length * 6.6, l).toBeLessThanOrEqual(Number(box.getAttribute('width'))))
    // The box holds its lines.
    const texts = [...g.querySelectorAll('text')].map((t) => Number(t.getAttribute('y')))
    expect(Math.max(...texts)).toBeLessThan(Number(box.getAttribute('y')) + Number(box.getAttribute('height')))
  }
  // Nothing drawn past the graph's right edge, the layer titles included.
  const right = Math.max(...[...container.querySelectorAll('rect')].map((r) => Number(r.getAttribute('x')) + Number(r.getAttribute('width'))))
  expect(right).toBeLessThanOrEqual(Number(svg.getAttribute('width')))
})
