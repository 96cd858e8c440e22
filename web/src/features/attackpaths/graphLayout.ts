/**
 * The attack-path graph's column widths and node labels, fitted to the width its frame offers (PathGraph draws
 * them). Pure: no DOM, so the fitting is tested without a layout engine.
 */
import { LAYERS, type PathNode } from './api'

/** A column's width when there is room (the actions' wider: their labels are the answer). */
export const NODE_W = 168
export const ACTION_W = 216
/** No column narrower: eleven 11 px mono characters and the box's padding. */
export const MIN_W = 96
export const GAP_X = 28
/** The gap between columns once they are squeezed: the edges still show their curve at 16. */
export const NARROW_GAP_X = 16
/** 11 px mono is 0.6 em a character; the sans text of a box's upper part is narrower, so this bounds both. */
export const CHAR_W = 6.6
/** Left padding of a label in its box, and what is left free at its right. */
export const TEXT_X = 8
const TEXT_PAD = TEXT_X + 4

export interface Columns {
  /** Each layer's left edge and width, in LAYERS order. */
  x: number[]
  w: number[]
  width: number
  gap: number
}

const natural = (kind: string) => (kind === 'ACTION' ? ACTION_W : NODE_W)
export const charsIn = (w: number) => Math.max(1, Math.floor((w - TEXT_PAD) / CHAR_W))

/**
 * Columns that fit `fit` px, where they can: at a 1024 px window the frame offers ~726 px, and six columns of
 * 168-216 px (1,196 px) needed a sideways scroll to reach the actions, the answer. Each column asks for what its
 * longest label needs on one line (a short subject column gives its room to the others), up to its natural width.
 * If that is still too wide, the other columns give way first, by one share, down to MIN_W, and their labels wrap
 * (nodeText); the actions give way last: they are the answer, read down as a list, and wrapped they made the
 * graph half again as tall. The text is never scaled down. `fit` 0 (not measured yet) or ample draws the natural
 * widths. Narrower than six MIN_W columns, the frame scrolls sideways.
 */
export function fitColumns(layers: PathNode[][], fit: number): Columns {
  const want = LAYERS.map((l, col) => {
    const longest = Math.max(0, ...layers[col].flatMap((n) => parts(n.label)).map((p) => p.length))
    return Math.min(natural(l.kind), Math.max(MIN_W, Math.ceil(longest * CHAR_W + TEXT_PAD)))
  })
  const naturalWidths = LAYERS.map((l) => natural(l.kind))
  const naturalTotal = naturalWidths.reduce((a, b) => a + b, 0) + (LAYERS.length - 1) * GAP_X
  if (fit <= 0 || fit >= naturalTotal) return place(naturalWidths, GAP_X)
  const room = fit - (LAYERS.length - 1) * NARROW_GAP_X
  const others = want.slice(0, -1)
  const actions = Math.max(MIN_W, Math.min(want[want.length - 1], room - others.length * MIN_W))
  return place([...share(others, room - actions), actions], NARROW_GAP_X)
}

/** `want` shrunk by one factor to fit `room`; a column that would go under MIN_W stays there and the rest share what remains. */
function share(want: number[], room: number): number[] {
  const pinned = new Set<number>()
  for (;;) {
    const free = want.map((_, i) => i).filter((i) => !pinned.has(i))
    const f = Math.min(1, (room - pinned.size * MIN_W) / free.reduce((a, i) => a + want[i], 0))
    const w = want.map((x, i) => (pinned.has(i) ? MIN_W : Math.floor(x * f)))
    const under = free.filter((i) => w[i] < MIN_W)
    if (under.length === 0) return w
    under.forEach((i) => pinned.add(i))
    if (pinned.size === want.length) return want.map(() => MIN_W)
  }
}

function place(w: number[], gap: number): Columns {
  const x = w.map((_, i) => w.slice(0, i).reduce((a, b) => a + b + gap, 0))
  return { x, w, width: x[x.length - 1] + w[w.length - 1], gap }
}

/** A node's label in two parts where it has a natural break: a binding's kind over its name, a capability over its scope. */
export function parts(label: string): [string] | [string, string] {
  const scope = label.indexOf(' in ')
  if (scope > 0) return [label.slice(0, scope), label.slice(scope + 1)]
  const space = label.indexOf(' ')
  if (space > 0 && /^(RoleBinding|ClusterRoleBinding|Group|User) /.test(label)) return [label.slice(0, space), label.slice(space + 1)]
  return [label]
}

/**
 * `text` in lines of at most `chars` characters, broken after a space, `/`, `:`, `-`, `_`, `.` or `@` (an ARN, a
 * namespace/name, an action), else between the humps of a camel-case word (`iam:UpdateAssume` / `RolePolicy`), and
 * inside a word only when one alone is longer than a line. Past `max` lines the
 * last is cut with `…`; the node's title keeps the whole label.
 */
export function wrap(text: string, chars: number, max: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const token of text.split(/(?<=[\s/:\-_.@])|(?<=[a-z])(?=[A-Z])/)) {
    if ((line + token).trimEnd().length <= chars) {
      line += token
      continue
    }
    if (line.trim()) lines.push(line.trimEnd())
    line = token.trimStart()
    while (line.trimEnd().length > chars) {
      lines.push(line.slice(0, chars))
      line = line.slice(chars)
    }
  }
  if (line.trim()) lines.push(line.trimEnd())
  if (lines.length <= max) return lines
  const kept = lines.slice(0, max)
  const last = kept[max - 1]
  kept[max - 1] = `${last.length >= chars ? last.slice(0, chars - 1) : last}…`
  return kept
}

/** A node's text in the box of width `w`: the upper part (sans, muted) and the main part (mono), each wrapped. */
export function nodeText(node: PathNode, w: number): { upper: string[]; main: string[] } {
  const chars = charsIn(w)
  const [a, b] = parts(node.label)
  if (node.kind === 'ACTION') return { upper: [], main: wrap(node.label, chars, 2) }
  return b === undefined ? { upper: [], main: wrap(a, chars, 3) } : { upper: wrap(a, chars, 3), main: wrap(b, chars, 3) }
}

export const LINE_H = 15
const ONE_LINE_H = 38
export const ACTION_H = 24

/** A box's height for its lines: two lines in the 38 px of old; an action of one line is lower (24 px), its layer packed closer. */
export function boxHeight(node: PathNode, lines: number): number {
  if (lines <= 1) return node.kind === 'ACTION' ? ACTION_H : ONE_LINE_H
  return 8 + LINE_H * lines
}
