/**
 * The TanStack Table (v9) instance behind the resource list: columns from the list model, sorting
 * controlled from the URL. Filtering happens before (listModel.filterRows) so the table sorts
 * only what is shown.
 */
import { useMemo } from 'react'
import {
  createColumnHelper,
  createSortedRowModel,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type SortFn,
  type SortingState,
} from '@tanstack/react-table'
import type { ColumnSpec, ResourceRow } from './listModel'

export const features = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
})

const helper = createColumnHelper<typeof features, ResourceRow>()

/** Numbers compare numerically, strings naturally (`pod-2` before `pod-10`). */
const compare: SortFn<typeof features, ResourceRow> = (a, b, id) => {
  const x = a.getValue(id) as string | number
  const y = b.getValue(id) as string | number
  if (typeof x === 'number' && typeof y === 'number') return x - y
  return collator.compare(String(x), String(y))
}
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

export function useResourceTable(columns: ColumnSpec[], rows: ResourceRow[], sorting: SortingState, onSortingChange?: (s: SortingState) => void) {
  const defs = useMemo(
    () =>
      helper.columns(
        columns.map((c, i) =>
          helper.accessor((r) => r.sort[i], {
            id: c.id,
            header: c.header,
            cell: (ctx) => (c.render ? c.render(ctx.row.original) : ctx.row.original.cells[i]),
            sortFn: compare,
            sortDescFirst: false,
          }),
        ),
      ),
    [columns],
  )
  return useTable(
    {
      features,
      columns: defs,
      data: rows,
      getRowId: (r) => r.key,
      state: { sorting },
      onSortingChange: (updater) => {
        const next = typeof updater === 'function' ? updater(sorting) : updater
        onSortingChange?.(next)
      },
      enableMultiSort: false,
    },
    (s) => ({ sorting: s.sorting }),
  )
}
