/**
 * Reads and rewrites `metadata.resourceVersion` (and reads `kind`) in a person's YAML edit without
 * a YAML library: the text is the server's YAML (block style, two-space indent) as the person left
 * it, and only those lines may change, so comments, order and formatting survive a re-apply.
 * A JSON edit (someone pasted JSON) is handled as JSON.
 */

const METADATA = /^metadata:[ \t]*(#.*)?\r?$/
const RV = /^([ \t]+)resourceVersion:[ \t]*(.*?)[ \t]*\r?$/

/** The top-level `kind` of a YAML or JSON object, e.g. `Deployment`; null when it has none. */
export function kindOf(text: string): string | null {
  const json = asJson(text)
  if (json) return typeof json.kind === 'string' ? json.kind : null
  const m = /^kind:[ \t]*["']?([A-Za-z0-9]+)["']?[ \t]*\r?$/m.exec(text)
  return m ? m[1] : null
}

/** `metadata.resourceVersion` of a YAML or JSON object; null when it has none. */
export function resourceVersionOf(text: string): string | null {
  const json = asJson(text)
  if (json) {
    const meta = json.metadata as Record<string, unknown> | undefined
    return typeof meta?.resourceVersion === 'string' ? meta.resourceVersion : null
  }
  const lines = text.split('\n')
  const at = rvLine(lines)
  return at < 0 ? null : unquote(RV.exec(lines[at])![2])
}

/**
 * The text with `metadata.resourceVersion` set to `version`, or that line removed when `version` is
 * null. Text with no resourceVersion is returned unchanged (server-side apply does not need one).
 */
export function withResourceVersion(text: string, version: string | null): string {
  const json = asJson(text)
  if (json) {
    const meta = json.metadata as Record<string, unknown> | undefined
    if (!meta || !('resourceVersion' in meta)) return text
    if (version === null) delete meta.resourceVersion
    else meta.resourceVersion = version
    return JSON.stringify(json, null, 2)
  }
  const lines = text.split('\n')
  const at = rvLine(lines)
  if (at < 0) return text
  if (version === null) lines.splice(at, 1)
  else {
    const cr = lines[at].endsWith('\r') ? '\r' : ''
    lines[at] = `${RV.exec(lines[at])![1]}resourceVersion: ${JSON.stringify(version)}${cr}`
  }
  return lines.join('\n')
}

/** Index of the `resourceVersion` line directly under the top-level `metadata:` block; -1 when none. */
function rvLine(lines: string[]): number {
  const start = lines.findIndex((l) => METADATA.test(l))
  if (start < 0) return -1
  let indent: string | null = null
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]
    if (/^[ \t]*(#.*)?\r?$/.test(line)) continue
    const lead = /^[ \t]*/.exec(line)![0]
    if (lead === '') return -1 // the block ended: the next top-level key
    indent ??= lead // a child's own children are indented further and are not metadata's keys
    if (lead !== indent) continue
    const m = RV.exec(line)
    if (m && m[1] === indent) return i
  }
  return -1
}

function unquote(v: string): string {
  const s = v.replace(/[ \t]+#.*$/, '')
  if (s.length >= 2 && ((s.startsWith('"') && s.endsWith('"')) || (s.startsWith("'") && s.endsWith("'")))) return s.slice(1, -1)
  return s
}

function asJson(text: string): Record<string, unknown> | null {
  if (!text.trimStart().startsWith('{')) return null
  try {
    const v: unknown = JSON.parse(text)
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null
  } catch {
    return null
  }
}
