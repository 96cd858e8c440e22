import { render, screen } from '@testing-library/react'
import { buildListModel, type ListModel } from '../resources/listModel'
import type { ListResponse } from '../resources/api'
import { chipText, type Chip, type Chips } from './api'
import { CveChip } from './CveChip'
import { withCveColumn } from './cveColumn'

const counts = (critical: number, high: number, medium: number, low = 0) => ({ critical, high, medium, low, informational: 1, untriaged: 0 })
const scanned = (c: number, h: number, m: number, l = 0): Chip => ({ state: 'SCANNED', counts: counts(c, h, m, l) })

function podList(n: number): ListResponse {
  return {
    format: 'list',
    body: {
      kind: 'PodList',
      apiVersion: 'v1',
      metadata: { resourceVersion: '1' },
      items: Array.from({ length: n }, (_, i) => ({
        metadata: { name: `pod-${i}`, namespace: 'shop', creationTimestamp: '2026-01-01T00:00:00Z' },
        status: { phase: 'Running' },
      })),
    },
  } as ListResponse
}

function chips(items: Record<string, Chip>): Chips {
  return { cluster: 'prod', kind: 'pods', status: 'READY', message: '', readAt: '2026-01-01T00:00:00Z', items }
}

test('chip text: critical, high, medium; zeros left out; 0 when clean', () => {
  expect(chipText(counts(2, 5, 12))).toBe('2C · 5H · 12M')
  expect(chipText(counts(0, 3, 0))).toBe('3H')
  expect(chipText(counts(0, 0, 0, 7))).toBe('0')
})

test('adds a CVEs column before Age that sorts worst first', () => {
  const base = buildListModel(podList(4), { showNamespace: false, now: Date.parse('2026-01-02T00:00:00Z') })
  const model = withCveColumn(base, chips({
    'shop/pod-0': scanned(0, 9, 50),
    'shop/pod-1': scanned(1, 0, 0),
    'shop/pod-2': { state: 'NOT_SCANNED', counts: counts(0, 0, 0) },
  }))

  const at = model.columns.findIndex((c) => c.header === 'CVEs')
  expect(model.columns[at + 1].header).toBe('Age')
  const sorted = [...model.rows].sort((a, b) => (b.sort[at] as number) - (a.sort[at] as number)).map((r) => r.name)
  expect(sorted.slice(0, 2)).toEqual(['pod-1', 'pod-0'])
  expect(model.rows[0].cells[at]).toBe('9H · 50M')
  expect(model.rows[2].search).toContain('not scanned')
  expect(model.rows[3].cells[at]).toBe('—')
})

test('no column when Inspector is off for the cluster', () => {
  const base = buildListModel(podList(2), { showNamespace: false })
  expect(withCveColumn(base, { ...chips({}), status: 'DISABLED' })).toBe(base)
  expect(withCveColumn(base, undefined)).toBe(base)
})

test('not scanned looks different from a clean zero', () => {
  render(
    <>
      <CveChip chip={{ state: 'NOT_SCANNED', counts: counts(0, 0, 0) }} />
      <CveChip chip={scanned(0, 0, 0)} />
      <CveChip chip={scanned(2, 5, 12, 3)} />
    </>,
  )
  const [notScanned, clean, vulnerable] = screen.getAllByTestId('cve-chip')
  expect(notScanned).toHaveTextContent('not scanned')
  expect(clean).toHaveTextContent(/^0$/)
  expect(vulnerable).toHaveTextContent('2C·5H·12M')
  expect(vulnerable).toHaveAttribute('title', '2 critical · 5 high · 12 medium · 3 low · 1 informational')
})

test('a 5,000-pod list gets one CVE cell per row (the timing is bench/README.md "Inspector")', () => {
  const base: ListModel = buildListModel(podList(5000), { showNamespace: true })
  const items: Record<string, Chip> = {}
  for (let i = 0; i < 5000; i++) items[`shop/pod-${i}`] = scanned(i % 3, i % 7, i % 11)
  const model = withCveColumn(base, chips(items))
  expect(model.rows).toHaveLength(5000)
  expect(model.rows[4999].cells).toHaveLength(base.rows[4999].cells.length + 1)
})

test('refused by Inspector: unread rows say locked, with the IAM action on hover, not a spinner forever', () => {
  const base = buildListModel(podList(2), { showNamespace: false })
  const message = "the Periscope server's AWS role is not allowed inspector2:ListFindings"
  const model = withCveColumn(base, {
    ...chips({ 'shop/pod-0': { state: 'PENDING', counts: counts(0, 0, 0) } }),
    status: 'LOCKED',
    message,
  })
  const at = model.columns.findIndex((c) => c.header === 'CVEs')
  expect(model.rows[0].cells[at]).toBe('locked')
  expect(model.rows[1].cells[at]).toBe('—')
  const column = model.columns[at] as unknown as { render: (r: unknown) => React.ReactNode }
  render(<>{column.render(model.rows[0])}</>)
  expect(screen.getByTestId('cve-chip')).toHaveTextContent('locked')
  expect(screen.getByTestId('cve-chip')).toHaveAttribute('title', message)
})
