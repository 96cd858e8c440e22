import { useState, type FormEvent } from 'react'
import { Badge, type Tone } from '../../ui/Badge'
import { Breakable } from '../../ui/Breakable'
import { Button } from '../../ui/Button'
import { Input } from '../../ui/Input'
import type { EffectiveChip, Layers, RequestContext, Scope, Verdict } from './api'

/** Condition keys offered in the key field (any `service:key` may be typed). */
export const SUGGESTED_KEYS = [
  'aws:SourceVpc',
  'aws:SourceIp',
  'aws:SecureTransport',
  'aws:CurrentTime',
  'aws:RequestedRegion',
  'aws:PrincipalTag/',
  'aws:RequestTag/',
  'aws:ResourceTag/',
]

const KEY = /^[A-Za-z0-9-]{1,32}:[\p{L}\p{N} _.:/=+@-]{1,200}$/u

interface Row {
  key: string
  value: string
}

/**
 * The rows as a stated request: values split on commas; an empty value states a key the request
 * does not carry. Returns an error message for a row whose key is not `service:name`.
 */
export function toContext(rows: Row[]): RequestContext | string {
  const out: RequestContext = {}
  for (const { key, value } of rows) {
    const k = key.trim()
    if (!k && !value.trim()) continue
    if (!KEY.test(k)) return `'${k}' is not a condition key (service:name, e.g. aws:SourceVpc)`
    if (Object.keys(out).some((x) => x.toLowerCase() === k.toLowerCase())) return `${k} is stated twice`
    out[k] = value
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '')
  }
  return out
}

/** A few key/value inputs for the request the effective answer is evaluated for. */
export function RequestContextForm({ applied, onApply }: { applied: RequestContext; onApply: (c: RequestContext) => void }) {
  const initial = Object.entries(applied).map(([key, v]) => ({ key, value: v.join(', ') }))
  const [rows, setRows] = useState<Row[]>(initial.length ? initial : [{ key: '', value: '' }])
  const [error, setError] = useState<string | null>(null)
  const set = (i: number, patch: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)))
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const c = toContext(rows)
    if (typeof c === 'string') {
      setError(c)
      return
    }
    setError(null)
    onApply(c)
  }
  return (
    <form aria-label="Request context" onSubmit={submit} className="space-y-2 rounded-md border border-slate-200 p-3 dark:border-slate-700">
      <div>
        <h3 className="font-medium">Request context</h3>
        <p className="text-xs text-slate-500 dark:text-slate-400">
          The request the effective answer is for. Values separated by commas; an empty value states a key the request does not carry. A
          condition on a key not stated stays conditional.
        </p>
      </div>
      <datalist id="aws-condition-keys">
        {SUGGESTED_KEYS.map((k) => (
          <option key={k} value={k} />
        ))}
      </datalist>
      {rows.map((r, i) => (
        <div key={i} className="flex items-center gap-2">
          <Input
            aria-label={`Condition key ${i + 1}`}
            className="min-w-0 flex-1 font-mono"
            list="aws-condition-keys"
            placeholder="aws:SourceVpc"
            spellCheck={false}
            value={r.key}
            onChange={(e) => set(i, { key: e.target.value })}
          />
          <Input
            aria-label={`Value ${i + 1}`}
            className="min-w-0 flex-1 font-mono"
            placeholder="vpc-0abc…"
            spellCheck={false}
            value={r.value}
            onChange={(e) => set(i, { value: e.target.value })}
          />
          <Button size="sm" variant="ghost" aria-label={`Remove key ${i + 1}`} onClick={() => setRows(rows.filter((_, j) => j !== i))}>
            ✕
          </Button>
        </div>
      ))}
      {error && (
        <p role="alert" className="text-xs text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <Button size="sm" onClick={() => setRows([...rows, { key: '', value: '' }])} disabled={rows.length >= 12}>
          Add key
        </Button>
        <Button size="sm" variant="primary" type="submit">
          Evaluate
        </Button>
        {Object.keys(applied).length > 0 && (
          <Button
            size="sm"
            variant="ghost"
            onClick={() => {
              setRows([{ key: '', value: '' }])
              setError(null)
              onApply({})
            }}
          >
            Clear
          </Button>
        )}
      </div>
    </form>
  )
}

const verdictView: Record<Verdict, { label: string; tone: Tone }> = {
  ALLOWED: { label: 'allowed', tone: 'danger' },
  CONDITIONAL: { label: 'conditional', tone: 'warning' },
  DENIED: { label: 'denied', tone: 'success' },
  NOT_ALLOWED: { label: 'not allowed', tone: 'success' },
}

const upperView: Record<Scope, string> = {
  ALL_RESOURCES: 'every resource',
  SOME_RESOURCES: 'some resources',
  CONDITIONAL: 'conditional',
}

/** The layers read for a role: boundary, the SCP path, session policies. */
export function LayersSummary({ layers }: { layers: Layers }) {
  return (
    <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5 text-xs" aria-label="Policy layers">
      <dt className="text-slate-500 dark:text-slate-400">Permission boundary</dt>
      <dd className="font-mono break-words">
        {layers.boundary ? <Breakable text={layers.boundary} /> : 'none'}
        {layers.boundary && !layers.boundaryReadable && <span className="font-sans text-amber-800 dark:text-amber-200"> (not readable)</span>}
      </dd>
      <dt className="text-slate-500 dark:text-slate-400">SCPs</dt>
      <dd data-testid="scp-layers">
        {layers.scps === 'READ' ? (
          <ol aria-label="SCPs from the root down">
            {layers.scpLevels.map((l) => (
              <li key={l.level}>
                <span className="font-medium">{l.level}</span>: {l.policies.map((p) => p.replace(/^SCP /, '')).join(', ') || 'none'}
              </li>
            ))}
          </ol>
        ) : layers.scps === 'NOT_READABLE' ? (
          <span className="text-amber-800 dark:text-amber-200">SCPs not readable: {layers.scpReason}</span>
        ) : (
          `not applicable: ${layers.scpReason}`
        )}
      </dd>
      <dt className="text-slate-500 dark:text-slate-400">Session policies</dt>
      <dd>{layers.sessionPolicies}</dd>
    </dl>
  )
}

/**
 * Upper bound beside the effective answer for each sensitive action, and under them the layer that
 * decided. Three columns, not four: the table lives in the ~28rem detail pane, where a fourth
 * "decided by" column was pushed out of sight behind a horizontal scroll and squeezed to a few
 * letters a line. Each action is its own `tbody` so its two rows read (and test) as one.
 */
export function EffectiveTable({ rows }: { rows: EffectiveChip[] }) {
  if (rows.length === 0) return null
  return (
    <div className="mt-3 overflow-x-auto rounded border border-slate-200 dark:border-slate-700">
      <table className="w-full text-left text-xs" aria-label="Upper bound and effective access">
        <thead className="bg-slate-50 text-slate-600 dark:bg-slate-800 dark:text-slate-300">
          <tr>
            <th className="px-2 py-1 font-medium">Sensitive action</th>
            <th className="px-2 py-1 font-medium" title="Identity policies only, conditions not evaluated">
              Upper bound
            </th>
            <th className="px-2 py-1 font-medium">Effective</th>
          </tr>
        </thead>
        {rows.map((r) => {
          const narrower = r.verdict === 'DENIED' || r.verdict === 'NOT_ALLOWED' || (r.verdict === 'CONDITIONAL' && r.upperBound !== 'CONDITIONAL')
          return (
            <tbody key={r.action} className="border-t border-slate-200 dark:border-slate-700" data-testid="effective-row">
              <tr className="align-top">
                <td className="px-2 pt-1 font-mono">
                  <ActionName action={r.action} />
                </td>
                <td className="px-2 pt-1">{upperView[r.upperBound]}</td>
                <td className="px-2 pt-1">
                  <Badge tone={verdictView[r.verdict].tone} title={r.evidence.join('; ') || undefined}>
                    {verdictView[r.verdict].label}
                  </Badge>
                  {narrower && (
                    <div className="text-slate-500 dark:text-slate-400" title="narrower than the upper bound">
                      narrower
                    </div>
                  )}
                </td>
              </tr>
              <tr>
                <td colSpan={3} className="px-2 pb-1 [overflow-wrap:anywhere]" data-testid="decided-by">
                  <span className="text-slate-500 dark:text-slate-400">decided by </span>
                  {r.decidedBy}
                  {r.missing.length > 0 && <div className="text-amber-800 dark:text-amber-200">needs: {r.missing.join('; ')}</div>}
                  {r.notConsidered.length > 0 && (
                    <div className="text-slate-500 dark:text-slate-400" title={r.notConsidered.join('\n')}>
                      without {r.notConsidered.map((n) => n.split(':')[0]).join(', ')}
                    </div>
                  )}
                </td>
              </tr>
            </tbody>
          )
        })}
      </table>
    </div>
  )
}

/** `service:Name`, breakable only after the colon, so a long action wraps there rather than widening the table. */
function ActionName({ action }: { action: string }) {
  const colon = action.indexOf(':')
  if (colon < 0) return <span className="whitespace-nowrap">{action}</span>
  return (
    <>
      <span className="whitespace-nowrap">{action.slice(0, colon + 1)}</span>
      <wbr />
      <span className="whitespace-nowrap">{action.slice(colon + 1)}</span>
    </>
  )
}
