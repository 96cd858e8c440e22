/**
 * The fleet's rule for a failing pod, the one behind "28 · 6 failing" on the fleet and cluster
 * overviews (server `FleetOverview.failing`, docs/api.md "Fleet"), so the pods list those counts
 * open shows the same pods: phase Failed or Unknown, a container waiting to crash-loop, pull or be
 * created, or a pod no node can take (Unschedulable).
 */
import type { KubeObject } from './api'
import { isMap } from '../../lib/jsonMap'

/** What the fleet counts as a failing pod, on hover. */
export const FAILING_PODS_TITLE = 'Failed or Unknown, a container crash-looping or unable to pull or create, or a pod no node can take (Unschedulable)'

const FAILING_WAIT_REASONS = new Set(['CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull', 'CreateContainerConfigError', 'CreateContainerError', 'InvalidImageName'])

/** Whether `pod` fails by the fleet's rule; a row without its object (a Table row's metadata alone) is not known to. */
export function isFailingPod(pod: KubeObject | undefined): boolean {
  const status = pod && isMap(pod.status) ? pod.status : undefined
  if (!status) return false
  if (status.phase === 'Failed' || status.phase === 'Unknown') return true
  const containers = Array.isArray(status.containerStatuses) ? status.containerStatuses.filter(isMap) : []
  if (containers.some((c) => isMap(c.state) && isMap(c.state.waiting) && FAILING_WAIT_REASONS.has(String(c.state.waiting.reason ?? '')))) return true
  const conditions = Array.isArray(status.conditions) ? status.conditions.filter(isMap) : []
  return conditions.some((c) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable')
}
