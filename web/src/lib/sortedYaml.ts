/**
 * JSON values as block YAML with every mapping's keys sorted, kubectl's layout (a list under a key
 * starts at the key's indent): for showing and diffing objects, where the order the apiserver or
 * a client happened to write keys in must not matter. Owns only writing; reading YAML is the
 * server's job (the SPA bundles no YAML library).
 */

const PLAIN_WORDS = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i
/** Numbers (YAML 1.1 and 1.2, sexagesimal too) and dates: as plain scalars they would not read back as strings. */
const NUMBER_LIKE = /^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?(?:e[-+]?[0-9]+)?|\.[0-9]+(?:e[-+]?[0-9]+)?|\.inf|\.nan|0x[0-9a-f]+|0o[0-7]+|0b[01]+|[0-9]+(?::[0-5]?[0-9])+(?:\.[0-9]*)?)$|^\d{4}-\d\d?-\d\d?/i
const SPECIAL_START = /^(?:[,[\]{}#&*!|>'"%@`\s]|[-?:](?:\s|$))/

/** Whether `s` holds a control character (a newline counts unless `newlineOk`): only a double-quoted scalar can carry those. */
function hasControl(s: string, newlineOk: boolean): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if ((c < 0x20 || c === 0x7f) && !(newlineOk && c === 0x0a)) return true
  }
  return false
}

/** A key or one-line string as YAML reads it back: plain when that is unambiguous, else double-quoted. */
function scalarString(s: string): string {
  const plain =
    s !== '' && !PLAIN_WORDS.test(s) && !NUMBER_LIKE.test(s) && !SPECIAL_START.test(s) && !/\s$/.test(s) &&
    !s.includes(': ') && !s.includes(' #') && !s.endsWith(':') && !hasControl(s, false)
  return plain ? s : JSON.stringify(s)
}

/** A multi-line string as a literal block (`|`, `|-` or `|+` by its trailing newlines), or null when one cannot hold it. */
function blockString(s: string, indent: string): string[] | null {
  if (!s.includes('\n') || hasControl(s, true) || /^[ \n]/.test(s)) return null
  const body = s.replace(/\n+$/, '')
  const trailing = s.length - body.length
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+'
  const lines = (trailing > 1 ? s.slice(0, -1) : body).split('\n')
  return [`|${chomp}`, ...lines.map((l) => (l ? indent + l : ''))]
}

function isEmptyCollection(v: unknown): boolean {
  return Array.isArray(v) ? v.length === 0 : typeof v === 'object' && v !== null && Object.keys(v).length === 0
}

function inline(v: unknown): string {
  if (v === null || v === undefined) return 'null'
  if (typeof v === 'string') return scalarString(v)
  if (Array.isArray(v)) return '[]'
  if (typeof v === 'object') return '{}'
  return String(v)
}

/** How a mapping's keys are laid out: sorted (for showing and diffing), or as given (a manifest someone reads top-down). */
type KeyOrder = (keys: string[]) => string[]
const SORTED: KeyOrder = (keys) => keys.sort()
const AS_GIVEN: KeyOrder = (keys) => keys

/** `head` is the line's start (`key:`, or `-` for a list item); the value follows it on the line or under it. */
function entry(head: string, v: unknown, indent: string, order: KeyOrder): string[] {
  if (typeof v === 'string') {
    const block = blockString(v, indent + '  ')
    if (block) return [`${head} ${block[0]}`, ...block.slice(1)]
  }
  if (typeof v !== 'object' || v === null || isEmptyCollection(v)) return [`${head} ${inline(v)}`]
  // Nested: a list under a key keeps the key's indent; anything under `-` starts on the dash's line.
  const item = head.endsWith('-')
  const nested = Array.isArray(v) ? seq(v, item ? indent + '  ' : indent, order) : map(v as Record<string, unknown>, indent + '  ', order)
  if (!item) return [head, ...nested]
  return [head + ' ' + nested[0].slice(indent.length + 2), ...nested.slice(1)]
}

function map(o: Record<string, unknown>, indent: string, order: KeyOrder): string[] {
  return order(Object.keys(o))
    .filter((k) => o[k] !== undefined)
    .flatMap((k) => entry(`${indent}${scalarString(k)}:`, o[k], indent, order))
}

function seq(a: unknown[], indent: string, order: KeyOrder): string[] {
  return a.flatMap((v) => entry(`${indent}-`, v, indent, order))
}

function lines(value: unknown, order: KeyOrder): string[] {
  if (typeof value !== 'object' || value === null || isEmptyCollection(value)) {
    const [first, ...rest] = entry('', value, '', order)
    return [first.trimStart(), ...rest]
  }
  return Array.isArray(value) ? seq(value, '', order) : map(value as Record<string, unknown>, '', order)
}

/** `value` as YAML lines (no trailing newline), every mapping's keys in code-point order. */
export function toSortedYaml(value: unknown): string[] {
  return lines(value, SORTED)
}

/** `value` as a YAML document (trailing newline), keys in the order the object has them: a manifest to read and edit. */
export function toYaml(value: unknown): string {
  return lines(value, AS_GIVEN).join('\n') + '\n'
}
