/**
 * How well a palette item matches what was typed: by its label first (what the person reads), the
 * item's detail and keywords only after. cmdk's own fuzzy score also read the item's id
 * (`cluster:factory-edge`), so "ledger" picked a cluster out of "c-l-uster … e-d-g-e".
 */

/** Separates an item's label from the rest of its cmdk value (which must be unique, so it carries the id). */
export const LABEL_END = '\u0000'

/** 0 (no match) to 1 (the label starts with the text); cmdk shows the best items and groups first. */
export function paletteScore(value: string, search: string, keywords: readonly string[] = []): number {
  const q = search.trim().toLowerCase()
  if (!q) return 1
  const end = value.indexOf(LABEL_END)
  const label = (end < 0 ? value : value.slice(0, end)).toLowerCase()
  const words = q.split(/\s+/)
  if (label.startsWith(q)) return 1
  const at = label.indexOf(q)
  if (at > 0 && /[^a-z0-9]/.test(label[at - 1])) return 0.9 // at a word's start: "web" in "checkout-web-7d4b9"
  if (at > 0) return 0.8
  const extra = keywords.join(' ').toLowerCase()
  if (words.every((w) => label.includes(w))) return 0.7
  if (words.every((w) => label.includes(w) || extra.includes(w))) return 0.5
  return subsequence(label, q.replace(/\s+/g, '')) ? 0.2 : 0
}

/** Every character of `q`, in order, in `label`: "cwb" finds "checkout-web". */
function subsequence(label: string, q: string): boolean {
  let i = 0
  for (const c of label) if (c === q[i] && ++i === q.length) return true
  return q.length === 0
}
