/**
 * The attack-path graph as six layers (subject → binding → capability → ServiceAccount → IAM role → action) in
 * plain SVG. Every edge is a focusable button: focusing, hovering or clicking it selects it, and the step's
 * explanation is shown under the graph. Tab walks the edges left to right; the text list is the fallback.
 */
import { useMemo, useRef, type KeyboardEvent } from 'react'
import { cx, useMorePastRightEdge } from '../../ui'
import { LAYERS, type PathEdge, type PathNode } from './api'

const NODE_W = 168
/**
 * The sensitive-action layer is wider: its labels are the answer, and at 168 the catalog's longest
 * (`secretsmanager:GetSecretValue`, `iam:UpdateAssumeRolePolicy`) were cut to `secretsmanager:GetSecr…`.
 */
const ACTION_W = 216
const ACTION_CHARS = 30
const NODE_H = 38
/**
 * An action is one line (`iam:PassRole`), so its box is lower and the layer packed closer. Drawn at the others' pitch,
 * seventeen actions made a graph 850 px tall whose other layers sat centred in empty space, and whose answer ran below
 * the fold.
 */
const ACTION_H = 24
const ACTION_GAP_Y = 6
const GAP_X = 28
const GAP_Y = 10
const TOP = 28
/** The frame's padding (p-3) before the graph, and the width of the "scroll for more" fade over its right end (w-28). */
const FRAME_PAD = 12
const FADE_W = 112

interface Placed {
  node: PathNode
  x: number
  y: number
}

export function edgeKey(e: PathEdge): string {
  return `${e.from}→${e.to}`
}

const widthOf = (node: PathNode) => (node.kind === 'ACTION' ? ACTION_W : NODE_W)
const heightOf = (node: PathNode) => (node.kind === 'ACTION' ? ACTION_H : NODE_H)
/** The vertical distance from one node of a layer to the next. */
const pitchOf = (kind: string) => (kind === 'ACTION' ? ACTION_H + ACTION_GAP_Y : NODE_H + GAP_Y)
/** From the top of a layer's first box to the bottom of its last. */
const spanOf = (kind: string, count: number) => (count ? count * pitchOf(kind) - (kind === 'ACTION' ? ACTION_GAP_Y : GAP_Y) : 0)

function clip(s: string, n = 23): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s
}

/** A node's label on two lines where it has a natural break: a binding's kind over its name, a capability over its scope. */
function lines(label: string): [string, string] {
  const scope = label.indexOf(' in ')
  if (scope > 0) return [label.slice(0, scope), label.slice(scope + 1)]
  const space = label.indexOf(' ')
  if (space > 0 && /^(RoleBinding|ClusterRoleBinding|Group|User) /.test(label)) return [label.slice(0, space), label.slice(space + 1)]
  return [label, '']
}

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
  const { placed, width, height } = useMemo(() => {
    const placed = new Map<string, Placed>()
    const layers = orderLayers(nodes, edges)
    const tallest = Math.max(0, ...layers.map((l, col) => spanOf(LAYERS[col].kind, l.length)))
    layers.forEach((inLayer, col) => {
      const kind = LAYERS[col].kind
      // Shorter layers are centred against the tallest, so the edges fan out instead of all running up to the top.
      const offset = (tallest - spanOf(kind, inLayer.length)) / 2
      inLayer.forEach((node, row) => placed.set(node.id, { node, x: col * (NODE_W + GAP_X), y: TOP + offset + row * pitchOf(kind) }))
    })
    return { placed, width: (LAYERS.length - 1) * NODE_W + ACTION_W + (LAYERS.length - 1) * GAP_X, height: TOP + tallest + GAP_Y }
  }, [nodes, edges])
  const frameRef = useRef<HTMLDivElement>(null)
  // At 1024 px the frame shows the first layers only; the actions (the answer) lie to the right.
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
    // A frame narrower than the graph scrolls sideways instead (the path list under it names every step in text).
    <div className="relative">
      <div ref={frameRef} onScroll={moreRight.update}
        className="overflow-x-auto rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-700 dark:bg-slate-900" data-testid="attack-graph-frame">
        <svg role="group" aria-label="Attack path graph" width={width} height={height} viewBox={`0 0 ${width} ${height}`} className="block max-w-none">
          {LAYERS.map((layer, col) => (
            <text key={layer.kind} x={col * (NODE_W + GAP_X)} y={14} className="fill-slate-500 text-[11px] font-semibold uppercase dark:fill-slate-400">
              {layer.title}
            </text>
          ))}
          {ordered.map((e) => {
            const a = placed.get(e.from)
            const b = placed.get(e.to)
            if (!a || !b) return null
            const k = edgeKey(e)
            const x1 = a.x + widthOf(a.node)
            const y1 = a.y + heightOf(a.node) / 2
            const x2 = b.x
            const y2 = b.y + heightOf(b.node) / 2
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
                  reveal(ev.currentTarget, a.x, b.x + widthOf(b.node))
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
          {[...placed.values()].map(({ node, x, y }) => (
            <g key={node.id} data-node={node.id}>
              <title>{`${node.label}${node.detail ? ` · ${node.detail}` : ''}`}</title>
              <rect x={x} y={y} width={widthOf(node)} height={heightOf(node)} rx={6}
                strokeDasharray={node.incomplete ? '5 4' : undefined}
                className={cx(node.incomplete ? 'fill-amber-50 stroke-amber-500 dark:fill-amber-950' : node.kind === 'ACTION'
                  ? 'fill-red-50 stroke-red-400 dark:fill-red-950' : 'fill-slate-50 stroke-slate-300 dark:fill-slate-800 dark:stroke-slate-600')} />
              {(() => {
                const [top, bottom] = lines(node.label)
                return bottom ? (
                  <>
                    <text x={x + 8} y={y + 15} className="fill-slate-500 text-[11px] dark:fill-slate-400">{clip(top, 24)}</text>
                    <text x={x + 8} y={y + 30} className="fill-slate-800 font-mono text-[11px] dark:fill-slate-100">{clip(bottom)}</text>
                  </>
                ) : (
                  <text x={x + 8} y={y + heightOf(node) / 2 + 4} className="fill-slate-800 font-mono text-[11px] dark:fill-slate-100">{clip(top, node.kind === 'ACTION' ? ACTION_CHARS : undefined)}</text>
                )
              })()}
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
