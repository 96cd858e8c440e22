/**
 * A CronJob's recent runs, from the Jobs it owns (the ones its history limits keep): "did last
 * night's run succeed, and how long did it take?". Plain functions; the Summary's Recent runs reads them.
 */
import type { KubeObject } from './api'
import { jobCondition, jobDuration } from './jobDuration'
import { isMap } from '../../lib/jsonMap'

export type RunOutcome = 'succeeded' | 'failed' | 'running'

export interface CronJobRun {
  job: string
  started?: string
  /** How long it ran ({@link jobDuration}, as the Jobs list's Duration); undefined while it runs. */
  seconds?: number
  outcome: RunOutcome
  /** Why it failed (`BackoffLimitExceeded: Job has reached the specified backoff limit`). */
  reason?: string
}


/** The Jobs `cronJob` controls, newest first, at most `limit`; `now` (ms) is the clock. */
export function runsOf(cronJob: KubeObject, jobs: readonly KubeObject[], limit: number, now: number): CronJobRun[] {
  const uid = cronJob.metadata.uid
  const owned = jobs.filter((j) => (j.metadata.ownerReferences ?? []).some((o) => o.controller && (uid ? o.uid === uid : o.kind === 'CronJob' && o.name === cronJob.metadata.name)))
  return owned
    .map((j) => runOf(j, now))
    .sort((a, b) => (b.started ?? '').localeCompare(a.started ?? '') || b.job.localeCompare(a.job))
    .slice(0, limit)
}

function runOf(job: KubeObject, now: number): CronJobRun {
  const status = isMap(job.status) ? job.status : {}
  const started = typeof status.startTime === 'string' ? status.startTime : job.metadata.creationTimestamp
  const failed = jobCondition(job, 'Failed')
  const completed = jobCondition(job, 'Complete')
  const ran = jobDuration(job, now)
  const reason = failed ? [failed.reason, failed.message].filter((x) => typeof x === 'string' && x).join(': ') || undefined : undefined
  return { job: job.metadata.name, started, seconds: ran?.finished ? ran.seconds : undefined, outcome: failed ? 'failed' : completed ? 'succeeded' : 'running', reason }
}
