/**
 * ResourceQuotas as `kubectl describe quota` shows them: each resource's used amount against its
 * hard limit, and how full that is, so a namespace about to refuse new pods ("exceeded quota") is
 * seen before it does.
 */
import type { KubeObject } from './api'

type Json = Record<string, unknown>
const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined)

const SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
}

/** A Kubernetes quantity (`250m`, `8Gi`, `1e3`, `20`) as a number; NaN when it is not one. */
export function quantityValue(q: string): number {
  const m = /^([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/.exec(q.trim())
  return m ? Number(m[1]) * SUFFIX[m[2] ?? ''] : NaN
}

export interface QuotaRow {
  resource: string
  used: string
  hard: string
  /** used / hard, when both read as quantities and hard is not 0. */
  ratio?: number
}

/** A ResourceQuota's resources (status.hard, else spec.hard) with what is used, by resource name; empty for other kinds. */
export function quotaRowsOf(o: KubeObject): QuotaRow[] {
  if (o.kind !== 'ResourceQuota') return []
  const status = obj(o.status)
  const hard = obj(status?.hard) ?? obj(obj(o.spec)?.hard) ?? {}
  const used = obj(status?.used) ?? {}
  return Object.keys(hard)
    .sort()
    .map((resource) => {
      const h = String(hard[resource])
      const u = used[resource] === undefined ? '0' : String(used[resource])
      const hv = quantityValue(h)
      const uv = quantityValue(u)
      return { resource, used: u, hard: h, ratio: Number.isFinite(hv) && Number.isFinite(uv) && hv > 0 ? uv / hv : undefined }
    })
}

/** How a row reads at a glance: full (new objects are refused), nearly full, or fine. */
export function quotaTone(ratio: number | undefined): 'danger' | 'warning' | 'neutral' {
  if (ratio === undefined) return 'neutral'
  return ratio >= 1 ? 'danger' : ratio >= 0.9 ? 'warning' : 'neutral'
}
