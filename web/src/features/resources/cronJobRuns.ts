/**
 * A CronJob's recent runs, from the Jobs it owns (the ones its history limits keep): "did last
 * night's run succeed, and how long did it take?". Plain functions; the Summary's Recent runs reads them.
 */
import type { KubeObject } from './api'

export type RunOutcome = 'succeeded' | 'failed' | 'running'

export interface CronJobRun {
  job: string
  started?: string
  /** Seconds from start to completion (or to the failure's last transition); undefined while it runs. */
  seconds?: number
  outcome: RunOutcome
  /** Why it failed (`BackoffLimitExceeded: Job has reached the specified backoff limit`). */
  reason?: string
}

type Json = Record<string, unknown>
const isMap = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The Jobs `cronJob` controls, newest first, at most `limit`. */
export function runsOf(cronJob: KubeObject, jobs: readonly KubeObject[], limit = 5): CronJobRun[] {
  const uid = cronJob.metadata.uid
  const owned = jobs.filter((j) => (j.metadata.ownerReferences ?? []).some((o) => o.controller && (uid ? o.uid === uid : o.kind === 'CronJob' && o.name === cronJob.metadata.name)))
  return owned
    .map((j) => runOf(j))
    .sort((a, b) => (b.started ?? '').localeCompare(a.started ?? '') || b.job.localeCompare(a.job))
    .slice(0, limit)
}

function runOf(job: KubeObject): CronJobRun {
  const status = isMap(job.status) ? job.status : {}
  const conditions = Array.isArray(status.conditions) ? status.conditions.filter(isMap) : []
  const holds = (type: string) => conditions.find((c) => c.type === type && c.status === 'True')
  const started = typeof status.startTime === 'string' ? status.startTime : job.metadata.creationTimestamp
  const failed = holds('Failed')
  const completed = holds('Complete')
  const end = completed ? status.completionTime : failed?.lastTransitionTime
  const seconds = started && typeof end === 'string' ? Math.max(0, Math.round((Date.parse(end) - Date.parse(started)) / 1000)) : undefined
  const reason = failed ? [failed.reason, failed.message].filter((x) => typeof x === 'string' && x).join(': ') || undefined : undefined
  return { job: job.metadata.name, started, seconds, outcome: failed ? 'failed' : completed ? 'succeeded' : 'running', reason }
}
