/**
 * How long a Job ran: the one rule behind the Jobs list's Duration and a CronJob's recent runs.
 * kubectl's DURATION (the apiserver's Table column) is completionTime − startTime, or now − startTime
 * without a completionTime; a failed Job never gets one, so kubectl's figure keeps growing after the
 * Job has stopped. Here a failed Job's time ends at its Failed condition's last transition: how long
 * it ran until it failed.
 */
import type { KubeObject } from './api'
import { isMap, type Json } from '../../lib/jsonMap'

export interface JobDuration {
  seconds: number
  /** Ended (complete or failed); otherwise `seconds` runs to `now`. */
  finished: boolean
}


/** The condition of `type` that holds (status True), if any. */
export function jobCondition(job: KubeObject, type: 'Complete' | 'Failed'): Json | undefined {
  const status = isMap(job.status) ? job.status : {}
  const conditions = Array.isArray(status.conditions) ? status.conditions.filter(isMap) : []
  return conditions.find((c) => c.type === type && c.status === 'True')
}

/** From start to completion, to failure, or to `now` (ms) while it runs; undefined before it starts (as kubectl). */
export function jobDuration(job: KubeObject, now: number): JobDuration | undefined {
  const status = isMap(job.status) ? job.status : {}
  const start = typeof status.startTime === 'string' ? Date.parse(status.startTime) : NaN
  if (Number.isNaN(start)) return undefined
  const failedAt = jobCondition(job, 'Failed')?.lastTransitionTime
  const endText = typeof status.completionTime === 'string' ? status.completionTime : typeof failedAt === 'string' ? failedAt : undefined
  const end = endText === undefined ? NaN : Date.parse(endText)
  const finished = !Number.isNaN(end)
  return { seconds: Math.max(0, Math.round(((finished ? end : now) - start) / 1000)), finished }
}
