/**
 * Values as YAML, the way Helm users read them (`helm get values`). Only what JSON can hold:
 * maps, lists, strings, numbers, booleans, null. Strings that YAML would read as something else
 * (numbers, booleans, empty, leading indicators) are quoted.
 */
export function toYaml(value: unknown, indent = 0): string {
  const pad = ' '.repeat(indent)
  if (Array.isArray(value)) {
    if (value.length === 0) return `${pad}[]\n`
    return value.map((v) => (isBlock(v) ? `${pad}-\n${toYaml(v, indent + 2)}` : `${pad}- ${scalar(v)}\n`)).join('')
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
    if (entries.length === 0) return `${pad}{}\n`
    return entries
      .map(([k, v]) => (isBlock(v) ? `${pad}${key(k)}:\n${toYaml(v, indent + 2)}` : `${pad}${key(k)}: ${scalar(v)}\n`))
      .join('')
  }
  return `${pad}${scalar(value)}\n`
}

const isBlock = (v: unknown) => (Array.isArray(v) ? v.length > 0 : !!v && typeof v === 'object' && Object.keys(v).length > 0)

function scalar(v: unknown): string {
  if (v === null || v === undefined) return 'null'
  if (Array.isArray(v)) return '[]'
  if (typeof v === 'object') return '{}'
  if (typeof v !== 'string') return String(v)
  return plainSafe(v) ? v : JSON.stringify(v)
}

const key = (k: string) => (plainSafe(k) ? k : JSON.stringify(k))

function plainSafe(s: string): boolean {
  if (s === '' || s !== s.trim()) return false
  if (/^(true|false|yes|no|on|off|null|~)$/i.test(s)) return false
  if (/^[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(s) || /^0x[0-9a-f]+$/i.test(s)) return false
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(s)) return false
  return !/(: |\s#|\n)/.test(s) && !s.endsWith(':')
}
