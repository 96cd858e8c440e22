/**
 * The list's CVEs column: the chip of each row from the server's chip map. The cell shows
 * `2C · 5H · 12M`, its hover text every severity, and it sorts worst first.
 */
import type { ReactNode } from 'react'
import { chipText, chipWeight, unavailableLabel, unavailableOf, type Chip, type Chips, type Unavailable } from './api'

const NONE = { critical: 0, high: 0, medium: 0, low: 0, informational: 0, untriaged: 0 }
import { CveChip } from './CveChip'

export const CVE_COLUMN_ID = 'cves'

/**
 * The parts of the resource list's model this column touches (the list's own types live in the
 * resources feature, which uses this one: described here by shape, not imported).
 */
interface Column {
  id: string
  header: string
  type: 'text' | 'number' | 'age'
  description?: string
  render?: (row: never) => ReactNode
}
interface Row {
  key: string
  cells: string[]
  sort: (string | number)[]
  search: string
}

/** The chip's short text (`not scanned`, `…` while reading, `locked` when Inspector refused, `0` when clean). */
export function chipLabel(chip: Chips['items'][string] | undefined, unavailable?: Unavailable): string {
  if (!chip) return '—'
  if (chip.state === 'PENDING') return unavailable ? unavailableLabel(unavailable) : '…'
  if (chip.state === 'NOT_SCANNED') return 'not scanned'
  return chipText(chip.counts)
}

/**
 * The model with a CVEs column before Age (or last), when the cluster has Inspector on. The cell's
 * text is the chip's short label (what the filter box matches); the chip itself carries every
 * severity as its hover text. Written as plain loops: it runs on every list refresh of up to
 * 10,000 rows (budget: 20 ms for 5,000).
 */
export function withCveColumn<C extends Column, R extends Row, M extends { columns: C[]; rows: R[] }>(model: M, chips: Chips | undefined): M {
  if (!chips || chips.status === 'DISABLED') return model
  // While the cluster's first read from Inspector runs, every row waits for it.
  const hydrating: Chip | undefined = chips.status === 'PENDING' ? { state: 'PENDING', counts: NONE } : undefined
  const unavailable = unavailableOf(chips)
  const age = model.columns.findIndex((c) => c.header === 'Age')
  const at = age >= 0 ? age : model.columns.length
  const columns: C[] = [...model.columns]
  columns.splice(at, 0, {
    id: CVE_COLUMN_ID,
    header: 'CVEs',
    type: 'number',
    description: 'Amazon Inspector findings: critical · high · medium (low and informational on hover)',
    render: (row: R) => <CveChip chip={chips.items[row.key] ?? hydrating} unavailable={unavailable} />,
  } as unknown as C)
  const rows = new Array<R>(model.rows.length)
  for (let k = 0; k < model.rows.length; k++) {
    const r = model.rows[k]
    const chip = chips.items[r.key] ?? hydrating
    const label = chipLabel(chip, unavailable)
    const n = r.cells.length
    const cells = new Array<string>(n + 1)
    const sort = new Array<string | number>(n + 1)
    for (let j = 0, from = 0; j <= n; j++) {
      if (j === at) {
        cells[j] = label
        sort[j] = chipWeight(chip)
      } else {
        cells[j] = r.cells[from]
        sort[j] = r.sort[from]
        from++
      }
    }
    rows[k] = { ...r, cells, sort, search: `${r.search} ${label}` }
  }
  return { ...model, columns, rows }
}
