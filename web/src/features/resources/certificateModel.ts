/**
 * A cert-manager Certificate's lifetime as its status says it (`status.notAfter`, `status.renewalTime`, the Ready
 * condition): the facts an SRE needs before a certificate expires unnoticed, read without opening the TLS Secret.
 */
import type { Tone } from '../../ui/Badge'
import { formatDuration } from '../../lib/age'
import type { KubeObject } from './api'

/** Within this many days of its end a certificate is shown amber (cert-manager renews at two thirds by default, 30 days before a 90-day one ends). */
export const EXPIRY_WARNING_DAYS = 14

const DAY_MS = 86_400_000

export interface CertificateFacts {
  notAfter?: string
  renewalTime?: string
  ready?: { status: string; reason?: string; message?: string }
  /** cert-manager's last issuance failed: `status.lastFailureTime`, or a Ready/Issuing condition False for reason Failed. */
  renewalFailed: boolean
  /** How the expiry is drawn: red once past, amber within {@link EXPIRY_WARNING_DAYS} days or when renewal failed. */
  tone: Tone
  /** `in 3d`, `2h ago`: the end relative to now; undefined without (a valid) notAfter. */
  expiresIn?: string
  expired: boolean
  /** `in 30d`, `27d ago`: the renewal time relative to now. */
  renewsIn?: string
}

type Json = Record<string, unknown>
const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined)
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)

/** `in 3d` or `3d ago`, as kubectl writes a duration; undefined for a time that does not parse. */
export function relativeTo(iso: string | undefined, now: number): string | undefined {
  const t = iso ? Date.parse(iso) : NaN
  if (Number.isNaN(t)) return undefined
  const seconds = Math.round((t - now) / 1000)
  return seconds >= 0 ? `in ${formatDuration(seconds)}` : `${formatDuration(-seconds)} ago`
}

/** A cert-manager.io Certificate's lifetime at `now` (ms); undefined for any other kind. */
export function certificateFactsOf(o: KubeObject, now: number): CertificateFacts | undefined {
  if (o.kind !== 'Certificate' || !o.apiVersion?.startsWith('cert-manager.io/')) return undefined
  const status = obj(o.status)
  const conditions = (Array.isArray(status?.conditions) ? status.conditions : []).map(obj).filter((c): c is Json => c !== undefined)
  const condition = (type: string) => conditions.find((c) => c.type === type)
  const readyCondition = condition('Ready')
  const ready = readyCondition && { status: str(readyCondition.status) ?? 'Unknown', reason: str(readyCondition.reason), message: str(readyCondition.message) }
  const failedFor = (c: Json | undefined) => c?.status === 'False' && c.reason === 'Failed'
  const renewalFailed = str(status?.lastFailureTime) !== undefined || failedFor(readyCondition) || failedFor(condition('Issuing'))
  const notAfter = str(status?.notAfter)
  const renewalTime = str(status?.renewalTime)
  const end = notAfter ? Date.parse(notAfter) : NaN
  const expired = end <= now
  const soon = end - now <= EXPIRY_WARNING_DAYS * DAY_MS
  const tone: Tone = expired ? 'danger' : soon || renewalFailed ? 'warning' : Number.isNaN(end) ? 'neutral' : 'success'
  return { notAfter, renewalTime, ready, renewalFailed, tone, expired, expiresIn: relativeTo(notAfter, now), renewsIn: relativeTo(renewalTime, now) }
}
