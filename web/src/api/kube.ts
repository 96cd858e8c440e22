/**
 * The shape of a Kubernetes object as every API answer carries it, shared by the features that
 * show objects (resources, pods) so that neither has to import the other for it.
 */
export interface ObjectMeta {
  name: string
  namespace?: string
  uid?: string
  resourceVersion?: string
  creationTimestamp?: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[]
  /** When the grace period of a deletion ends (not when it was asked for: see {@link deletionRequestedAt}). */
  deletionTimestamp?: string
  deletionGracePeriodSeconds?: number
}

/**
 * When the object's deletion was asked for, as an ISO time; undefined when it is not being deleted. The apiserver sets
 * `deletionTimestamp` to the request's time plus `deletionGracePeriodSeconds`, so a pod deleted a moment ago with 30 s
 * of grace carries a time 30 s ahead: read as "since", it said "terminating for 0s" until the deadline passed.
 */
export function deletionRequestedAt(meta: Pick<ObjectMeta, 'deletionTimestamp' | 'deletionGracePeriodSeconds'> | undefined): string | undefined {
  if (!meta?.deletionTimestamp) return undefined
  const deadline = Date.parse(meta.deletionTimestamp)
  if (Number.isNaN(deadline)) return meta.deletionTimestamp
  return new Date(deadline - (meta.deletionGracePeriodSeconds ?? 0) * 1000).toISOString()
}

export interface KubeObject {
  apiVersion?: string
  kind?: string
  metadata: ObjectMeta
  spec?: Record<string, unknown>
  status?: Record<string, unknown>
  [key: string]: unknown
}
