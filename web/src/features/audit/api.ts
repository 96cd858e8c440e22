/** `GET /api/audit`, one event, its export and the chain verification (docs/audit.md "HTTP API"). */
import { apiFetch } from '../../api/client'

export const OUTCOMES = ['success', 'failure', 'denied'] as const
export type Outcome = (typeof OUTCOMES)[number]

export interface AuditEvent {
  id: number
  time: string
  requestId: string
  actor: { sub: string; email: string; groups: string[] }
  verb: string
  target: { cluster: string; namespace: string; resource: string; name: string }
  outcome: Outcome
  reason: string
  extra: Record<string, unknown>
}

export interface AuditPage {
  items: AuditEvent[]
  nextCursor: string | null
}

/** `GET /api/audit/verbs`: every verb by kind; `inChanges` says whether `changes=true` shows the kind (the server decides, not the SPA). */
export interface VerbKinds {
  kinds: { kind: string; inChanges: boolean; verbs: string[] }[]
}

export interface VerifyResult {
  ok: boolean
  rowsChecked: number
  anchorId: number
  headId: number
  headHash: string
  brokenLink?: { rowId: number; expectedHash: string; foundHash: string; problem: string } | null
}

/**
 * The filters, exactly as the API names them; empty strings and `changes: false` are left out. `actor` is a
 * subject or an email, any case. `changes` (writes and privileged access) stands instead of a `verb`.
 */
export interface AuditFilters {
  actor: string
  verb: string
  changes: boolean
  cluster: string
  namespace: string
  resource: string
  outcome: string
  /** ISO-8601 instants. */
  from: string
  to: string
  q: string
}

export const FILTER_KEYS: (keyof AuditFilters)[] = ['actor', 'verb', 'changes', 'cluster', 'namespace', 'resource', 'outcome', 'from', 'to', 'q']

/** The API refuses a search without a letter or digit (400); while typing ("-", `"`) it waits for one. */
const searchable = /[\p{L}\p{N}]/u
export const MAX_SEARCH = 200

export function filterParams(f: AuditFilters): URLSearchParams {
  const p = new URLSearchParams()
  for (const k of FILTER_KEYS) {
    const raw = f[k]
    if (typeof raw === 'boolean') {
      if (raw) p.set(k, 'true')
      continue
    }
    const v = raw.trim()
    if (v && (k !== 'q' || searchable.test(v))) p.set(k, v)
  }
  return p
}

export function exportUrl(f: AuditFilters, format: 'csv' | 'ndjson'): string {
  const p = filterParams(f)
  p.set('format', format)
  return `/api/audit/export?${p}`
}

export const PAGE_SIZE = 200

export const auditApi = {
  page: (f: AuditFilters, cursor: string | null, signal?: AbortSignal) => {
    const p = filterParams(f)
    p.set('limit', String(PAGE_SIZE))
    if (cursor) p.set('cursor', cursor)
    return apiFetch<AuditPage>(`/api/audit?${p}`, { signal })
  },
  /** The newest rows about one object (exact name); a person who is no audit admin gets their own only. */
  ofObject: (t: { cluster: string; namespace: string; resource: string; name: string }, signal?: AbortSignal) =>
    apiFetch<AuditPage>(`/api/audit?${new URLSearchParams({ ...t, limit: '50' })}`, { signal }),
  /** `GET /api/audit/{id}`: under the same read scope as the list; 404 alike for a missing event and another person's. */
  one: (id: string, signal?: AbortSignal) => apiFetch<AuditEvent>(`/api/audit/${encodeURIComponent(id)}`, { signal }),
  verbs: (signal?: AbortSignal) => apiFetch<VerbKinds>('/api/audit/verbs', { signal }),
  verify: (signal?: AbortSignal) => apiFetch<VerifyResult>('/api/audit/verify', { signal }),
}
