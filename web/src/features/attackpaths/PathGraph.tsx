/**
 * The attack-path graph as six layers (subject → binding → capability → ServiceAccount → IAM role → action) in
 * plain SVG. Every edge is a focusable button: focusing, hovering or clicking it selects it, and the step's
 * explanation is shown under the graph. Tab walks the edges left to right; the text list is the fallback.
 */
import { useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import { cx, useMorePastRightEdge } from '../../ui'
import { LAYERS, type PathEdge, type PathNode } from './api'
import { boxHeight, fitColumns, LINE_H, nodeText, TEXT_X, wrap } from './graphLayout'

/** An action is one line (`iam:PassRole`), so its layer is packed closer than the others. */
const ACTION_GAP_Y = 6
const GAP_Y = 10
/** A layer's title is uppercase 11 px sans, about 7.4 px a letter; in a squeezed column it takes two lines. */
const TITLE_CHAR_W = 7.4
const TITLE_TOP = 14
/** The frame's padding (p-3) before the graph, and the width of the "scroll for more" fade over its right end (w-28). */
const FRAME_PAD = 12
const FADE_W = 112

interface Placed {
  node: PathNode
  x: number
  y: number
  w: number
  h: number
  upper: string[]
  main: string[]
}

export function edgeKey(e: PathEdge): string {
  return `${e.from}→${e.to}`
}

const gapOf = (kind: string) => (kind === 'ACTION' ? ACTION_GAP_Y : GAP_Y)

/**
 * The nodes of each layer, top to bottom. The server lists each layer by name, which drew needless
 * crossings (platform/default → prod-platform-default over platform/deploy-bot → prod-deploy-bot):
 * a node after the first layer is placed by the mean row of the nodes that lead to it (the
 * barycentre heuristic of layered graph drawing), ties kept in the server's order.
 * The sensitive actions are the exception: they are the answer, read down as a list, so they go by name. Placed by
 * their roles, an action reached through both of the demo's roles (eks:UpdateClusterConfig, iam:PassRole) came
 * after every action of one role (ssm:GetParameter) and the column read as unsorted. Their edges all fan into the
 * few role boxes, so the crossings this adds sit inside that fan.
 */
/** `eks:UpdateClusterConfig` before `iam:PassRole` before `ssm:GetParameter`, whatever the case. */
const byName = (a: string, b: string) => a.localeCompare(b, 'en', { sensitivity: 'base' })

export function orderLayers(nodes: PathNode[], edges: PathEdge[]): PathNode[][] {
  const row = new Map<string, number>()
  return LAYERS.map((layer) => {
    const inLayer = nodes.filter((n) => n.kind === layer.kind)
    const mean = new Map(inLayer.map((n) => {
      const from = edges.filter((e) => e.to === n.id && row.has(e.from)).map((e) => row.get(e.from)!)
      return [n.id, from.length ? from.reduce((a, b) => a + b, 0) / from.length : Number.POSITIVE_INFINITY]
    }))
    const sorted = inLayer.map((n, i) => ({ n, i })).sort((a, b) => {
      if (layer.kind === 'ACTION') return byName(a.n.label, b.n.label) || a.i - b.i
      const ma = mean.get(a.n.id)!
      const mb = mean.get(b.n.id)!
      return ma === mb ? a.i - b.i : ma < mb ? -1 : 1
    }).map(({ n }) => n)
    sorted.forEach((n, i) => row.set(n.id, i))
    return sorted
  })
}

export function PathGraph({ nodes, edges, selected, onSelect, highlighted }: {
  nodes: PathNode[]
  edges: PathEdge[]
  selected: string | null
  onSelect: (key: string) => void
  /** Edges on the selected path (drawn stronger). */
  highlighted: Set<string>
}) {
  const frameRef = useRef<HTMLDivElement>(null)
  // The width the frame offers the graph, kept as the window resizes: the columns are fitted to it (fitColumns).
  const [fit, setFit] = useState(0)
  useLayoutEffect(() => {
    const frame = frameRef.current
    if (!frame) return
    const measure = () => setFit(Math.max(0, frame.clientWidth - 2 * FRAME_PAD))
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(frame)
    return () => observer.disconnect()
  }, [])
  const { placed, columns, titles, width, height } = useMemo(() => {
    const layers = orderLayers(nodes, edges)
    const columns = fitColumns(layers, fit)
    const titles = LAYERS.map((l, col) => wrap(l.title, Math.floor(columns.w[col] / TITLE_CHAR_W), 2))
    const top = TITLE_TOP + LINE_H * Math.max(...titles.map((t) => t.length)) - 1
    // Each box as tall as its lines; a layer's boxes stacked, and shorter layers centred against the tallest, so
    // the edges fan out instead of all running up to the top.
    const boxes = layers.map((inLayer, col) => inLayer.map((node) => {
      const { upper, main } = nodeText(node, columns.w[col])
      return { node, upper, main, w: columns.w[col], h: boxHeight(node, upper.length + main.length) }
    }))
    const spans = boxes.map((l) => l.reduce((a, b) => a + b.h + gapOf(b.node.kind), 0) - (l.length ? gapOf(l[0].node.kind) : 0))
    const tallest = Math.max(0, ...spans)
    const placed = new Map<string, Placed>()
    boxes.forEach((l, col) => {
      let y = top + (tallest - spans[col]) / 2
      for (const b of l) {
        placed.set(b.node.id, { ...b, x: columns.x[col], y })
        y += b.h + gapOf(b.node.kind)
      }
    })
    return { placed, columns, titles, width: columns.width, height: top + tallest + GAP_Y }
  }, [nodes, edges, fit])
  // Narrower than six of the least columns, the frame scrolls; the actions (the answer) then lie to the right.
  const moreRight = useMorePastRightEdge(frameRef, width)
  const ordered = useMemo(() => [...edges].sort((a, b) => {
    const pa = placed.get(a.from)
    const pb = placed.get(b.from)
    return (pa?.x ?? 0) - (pb?.x ?? 0) || (pa?.y ?? 0) - (pb?.y ?? 0) || (placed.get(a.to)?.y ?? 0) - (placed.get(b.to)?.y ?? 0)
  }), [edges, placed])

  /**
   * An edge reached with the keyboard is scrolled to the middle of a frame narrower than the graph: the browser
   * scrolls only an element wholly out of view, and an edge at the frame's right edge lay under the "scroll for
   * more" fade with its target out of sight (Tab from the capability at 1024 px: the focus went on, the view did
   * not). A click lands on what is in view already, so the graph does not move under the pointer.
   */
  const reveal = (el: Element, from: number, to: number) => {
    const frame = frameRef.current
    if (!frame || !el.matches(':focus-visible')) return
    const left = FRAME_PAD + from
    const right = FRAME_PAD + to
    if (left >= frame.scrollLeft && right <= frame.scrollLeft + frame.clientWidth - (moreRight.shown ? FADE_W : 0)) return
    frame.scrollTo?.({ left: Math.max(0, (left + right) / 2 - frame.clientWidth / 2) })
  }

  const key = (e: KeyboardEvent, k: string) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault()
      onSelect(k)
    }
  }

  return (
    // Drawn at its own size, never scaled down: fitted to a 1024 px window its 11 px labels shrank to about 7 px.
    // Its columns narrow and its labels wrap to fit the frame instead (fitColumns); a frame narrower than six of the
    // least columns scrolls sideways (the path list under it names every step in text).
    <div className="relative">
      <div ref={frameRef} onScroll={moreRight.update}
        className="overflow-x-auto rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-700 dark:bg-slate-900" data-testid="attack-graph-frame">
        <svg role="group" aria-label="Attack path graph" width={width} height={height} viewBox={`0 0 ${width} ${height}`} className="block max-w-none">
          {LAYERS.map((layer, col) => (
            <text key={layer.kind} x={columns.x[col]} y={TITLE_TOP} className="fill-slate-500 text-[11px] font-semibold uppercase dark:fill-slate-400">
              {titles[col].map((t, i) => <tspan key={i} x={columns.x[col]} dy={i ? LINE_H : 0}>{t}</tspan>)}
            </text>
          ))}
          {ordered.map((e) => {
            const a = placed.get(e.from)
            const b = placed.get(e.to)
            if (!a || !b) return null
            const k = edgeKey(e)
            const x1 = a.x + a.w
            const y1 = a.y + a.h / 2
            const x2 = b.x
            const y2 = b.y + b.h / 2
            const mid = (x1 + x2) / 2
            const d = `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`
            const on = selected === k
            const lit = on || highlighted.has(k)
            const label = `${a.node.label} → ${b.node.label}: ${e.explanation}${e.incomplete ? ' (incomplete: not readable)' : ''}${e.conditional ? ' (only if it exists)' : ''}`
            return (
              <g key={k} role="button" tabIndex={0} aria-label={label} aria-pressed={on} data-edge={k}
                onClick={() => onSelect(k)} onKeyDown={(ev) => key(ev, k)}
                onFocus={(ev) => {
                  onSelect(k)
                  reveal(ev.currentTarget, a.x, b.x + b.w)
                }}
                className="group cursor-pointer outline-none">
                <title>{e.explanation}</title>
                {/* A wide transparent stroke so the edge is easy to hit with a pointer. */}
                <path d={d} fill="none" stroke="transparent" strokeWidth={12} />
                {/* The focus ring, drawn only while the edge has the keyboard's focus: a band in the text colour with a
                    gap of the card's colour inside it, around a thicker line. The focused edge is also the selected
                    one, lit as the marked path's edges are: a different blue alone did not tell it from them. */}
                <path d={d} fill="none" strokeWidth={11} strokeLinecap="round" data-focus-ring="band"
                  className="stroke-transparent group-focus-visible:stroke-slate-900 dark:group-focus-visible:stroke-slate-100" />
                <path d={d} fill="none" strokeWidth={7} strokeLinecap="round" data-focus-ring="gap"
                  className="stroke-transparent group-focus-visible:stroke-white dark:group-focus-visible:stroke-slate-900" />
                <path d={d} fill="none"
                  strokeDasharray={e.incomplete || e.conditional ? '5 4' : undefined}
                  className={cx(lit ? 'stroke-sky-600 dark:stroke-sky-400' : e.incomplete ? 'stroke-amber-500' : 'stroke-slate-400 dark:stroke-slate-500',
                    'group-focus-visible:[stroke-width:4px]')}
                  strokeWidth={lit ? 3 : 1.5} />
              </g>
            )
          })}
          {[...placed.values()].map(({ node, x, y, w, h, upper, main }) => (
            <g key={node.id} data-node={node.id}>
              <title>{`${node.label}${node.detail ? ` · ${node.detail}` : ''}`}</title>
              <rect x={x} y={y} width={w} height={h} rx={6}
                strokeDasharray={node.incomplete ? '5 4' : undefined}
                className={cx(node.incomplete ? 'fill-amber-50 stroke-amber-500 dark:fill-amber-950' : node.kind === 'ACTION'
                  ? 'fill-red-50 stroke-red-400 dark:fill-red-950' : 'fill-slate-50 stroke-slate-300 dark:fill-slate-800 dark:stroke-slate-600')} />
              {/* A one-line box centres its line; otherwise the lines run down from the top, the muted part first. */}
              {[...upper.map((t) => ({ t, muted: true })), ...main.map((t) => ({ t, muted: false }))].map((l, i, all) => (
                <text key={i} x={x + TEXT_X} y={all.length === 1 ? y + h / 2 + 4 : y + LINE_H * (i + 1)} data-line={l.muted ? 'upper' : 'main'}
                  className={l.muted ? 'fill-slate-500 text-[11px] dark:fill-slate-400' : 'fill-slate-800 font-mono text-[11px] dark:fill-slate-100'}>
                  {l.t}
                </text>
              ))}
            </g>
          ))}
        </svg>
      </div>
      {moreRight.shown && (
        <div data-testid="graph-continues" aria-hidden="true" className="pointer-events-none absolute top-px right-px bottom-px flex w-28 items-start justify-end rounded-r-lg bg-linear-to-l from-slate-200 via-slate-200/70 to-transparent p-2 dark:from-black/80 dark:via-black/50">
          <span className="rounded bg-white/90 px-1.5 py-0.5 text-[11px] font-medium text-slate-600 shadow-sm dark:bg-slate-800/90 dark:text-slate-300">scroll for more →</span>
        </div>
      )}
    </div>
  )
}
