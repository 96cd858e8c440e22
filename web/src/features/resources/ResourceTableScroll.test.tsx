import { fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, expect, test, vi } from 'vitest'
import { ResourceTable } from './ResourceTable'
import type { ColumnSpec, ResourceRow } from './listModel'

const GRID_HEIGHT = 200
const descriptors = {
  clientHeight: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight'),
  clientWidth: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientWidth'),
  scrollHeight: Object.getOwnPropertyDescriptor(Element.prototype, 'scrollHeight'),
  // Shadowed on HTMLElement by the test below; restoring deletes the shadow.
  scrollWidth: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'scrollWidth'),
  scrollTo: Object.getOwnPropertyDescriptor(Element.prototype, 'scrollTo'),
}
afterEach(() => {
  for (const [name, d] of Object.entries(descriptors)) {
    const target = name === 'scrollTo' || name === 'scrollHeight' ? Element.prototype : HTMLElement.prototype
    if (d) Object.defineProperty(target, name, d)
    else delete (target as unknown as Record<string, unknown>)[name]
  }
})

test('the cursor row moved below the grid is scrolled wholly into sight, under the sticky header, not one header short', async () => {
  // jsdom lays nothing out: the grid is 200 px high and holds the header and 30 rows of 33 px; scrolling moves its scrollTop.
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get() { return this.getAttribute('role') === 'grid' ? GRID_HEIGHT : 0 } })
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get() { return this.getAttribute('role') === 'grid' ? 800 : 0 } })
  Object.defineProperty(Element.prototype, 'scrollHeight', { configurable: true, get() { return this.getAttribute('role') === 'grid' ? 33 + 30 * 33 : 0 } })
  Object.defineProperty(Element.prototype, 'scrollTo', {
    configurable: true,
    value(this: HTMLElement, options: ScrollToOptions) {
      if (options.top !== undefined) this.scrollTop = options.top
      this.dispatchEvent(new Event('scroll'))
    },
  })
  const columns: ColumnSpec[] = [{ id: 'name', header: 'Name', type: 'text' }]
  const rows: ResourceRow[] = Array.from({ length: 30 }, (_, i) => ({ key: `pod-${i}`, name: `pod-${i}`, namespace: '', cells: [`pod-${i}`], sort: [`pod-${i}`], search: `pod-${i}` }))
  const table = (cursor: string | null) => (
    <ResourceTable columns={columns} rows={rows} sorting={[]} onSortingChange={vi.fn()} cursor={cursor} onCursor={vi.fn()} onOpen={vi.fn()} label="Pods" />
  )
  const { getByRole, rerender } = render(table(null))
  const grid = getByRole('grid')

  // Row 10 (33 px rows below a 33 px header) ends at 33 + 11 × 33 = 396 px: the grid shows 200 px.
  rerender(table('pod-10'))
  await waitFor(() => expect(grid.scrollTop).toBe(396 - GRID_HEIGHT))

  // Back up to row 2: its top (33 + 2 × 33 = 99 px) lands right under the header, not behind it.
  rerender(table('pod-2'))
  await waitFor(() => expect(grid.scrollTop).toBe(99 - 33))
})

test('columns past the right edge are said by a fade at the edge, gone once scrolled to the end or when all fit', async () => {
  // jsdom lays nothing out: the grid is 600 px wide and its rows 900 px.
  let rowWidth = 900
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get() { return this.getAttribute('role') === 'grid' ? 600 : 0 } })
  Object.defineProperty(HTMLElement.prototype, 'scrollWidth', { configurable: true, get() { return this.getAttribute('role') === 'grid' ? rowWidth : 0 } })
  const columns: ColumnSpec[] = [{ id: 'name', header: 'Name', type: 'text' }, { id: 'version', header: 'Version', type: 'text' }]
  const rows: ResourceRow[] = [{ key: 'n1', name: 'n1', namespace: '', cells: ['n1', 'v1.31'], sort: ['n1', 'v1.31'], search: 'n1' }]
  const table = (cols: ColumnSpec[]) => (
    <ResourceTable columns={cols} rows={rows} sorting={[]} onSortingChange={vi.fn()} cursor={null} onCursor={vi.fn()} onOpen={vi.fn()} label="Nodes" />
  )
  const { getByRole, queryByTestId, rerender } = render(table(columns))
  expect(queryByTestId('more-columns')).toBeInTheDocument()

  const grid = getByRole('grid')
  grid.scrollLeft = 300
  fireEvent.scroll(grid)
  await waitFor(() => expect(queryByTestId('more-columns')).not.toBeInTheDocument())

  // Back to the start: the fade again; then fewer columns, which fit: none.
  grid.scrollLeft = 0
  fireEvent.scroll(grid)
  await waitFor(() => expect(queryByTestId('more-columns')).toBeInTheDocument())
  rowWidth = 600
  rerender(table(columns.slice(0, 1)))
  await waitFor(() => expect(queryByTestId('more-columns')).not.toBeInTheDocument())
})
