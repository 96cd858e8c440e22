import { useEffect, useRef, type RefObject } from 'react'
import { useLocation } from 'react-router'

/**
 * Navigation state that asks a list page to put the focus in its list: the command palette's kind entries
 * ("Deployments") are a way to a list, and landing on <main> (what every other navigation does, AppShell) left a
 * keyboard user to Tab through the filters to reach the rows.
 */
export const LIST_FOCUS = { focus: 'list' } as const

const asksForList = (state: unknown) => typeof state === 'object' && state !== null && (state as { focus?: unknown }).focus === LIST_FOCUS.focus

/**
 * Focuses `grid` once per navigation that asked for it, as soon as the grid is shown (`shown` changes when the list
 * arrives). The list page's keyboard model is its grid: one Tab stop, arrows from the first row, Enter opens; the
 * filter has its own key (/). A list that shows no grid (empty, an error) leaves the focus where AppShell put it.
 */
export function useListFocusOnArrival(grid: RefObject<HTMLElement | null>, shown: unknown) {
  const { state, key } = useLocation()
  const done = useRef<string | null>(null)
  const wanted = asksForList(state)
  useEffect(() => {
    const el = grid.current
    if (!wanted || !el || done.current === key) return
    // After AppShell's own effect for the same navigation, which puts the focus on <main>: a parent's effects run
    // after its children's.
    const frame = requestAnimationFrame(() => {
      done.current = key
      el.focus({ preventScroll: true })
    })
    return () => cancelAnimationFrame(frame)
  }, [wanted, key, grid, shown])
}
