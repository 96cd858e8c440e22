/**
 * A debug container (`kubectl debug -it POD --image=IMAGE --target=CONTAINER`): the server adds an
 * ephemeral container to the pod (audited `debug`), the kubelet pulls its image and starts it, and
 * the shell tab connects to it once it runs. The pod is read again every POLL_MS until then.
 */
import { apiFetch } from '../../api/client'
import type { KubeObject } from '../../api/kube'

export const DEFAULT_DEBUG_IMAGE = 'busybox:1.36'
export const POLL_MS = 1_000
/** How long to wait for the image pull and start before saying why it has not started. */
export const START_LIMIT_MS = 60_000

const podResource = (cluster: string, ns: string, pod: string) =>
  `/api/clusters/${encodeURIComponent(cluster)}/resources/core/v1/pods/${encodeURIComponent(ns)}/${encodeURIComponent(pod)}`

export const debugApi = {
  start: (cluster: string, ns: string, pod: string, image: string, target: string | undefined) =>
    apiFetch<{ container: string }>(`${podResource(cluster, ns, pod)}/debug`, { method: 'POST', body: { image, target } }),
  read: (cluster: string, ns: string, pod: string, signal?: AbortSignal) => apiFetch<KubeObject>(podResource(cluster, ns, pod), { signal }),
}

interface ContainerState {
  running?: { startedAt?: string }
  waiting?: { reason?: string; message?: string }
  terminated?: { reason?: string; exitCode?: number; message?: string }
}

/** The ephemeral container's state as the kubelet reports it; undefined until it reports one. */
export function ephemeralState(pod: KubeObject, container: string): ContainerState | undefined {
  const statuses = (pod.status as { ephemeralContainerStatuses?: { name: string; state?: ContainerState }[] } | undefined)?.ephemeralContainerStatuses
  return statuses?.find((s) => s.name === container)?.state
}

export type DebugProgress =
  | { phase: 'starting' }
  | { phase: 'waiting'; container: string; reason?: string }
  | { phase: 'running'; container: string }
  | { phase: 'failed'; container?: string; message: string }

export interface DebugSteps {
  start: () => Promise<{ container: string }>
  read: (signal: AbortSignal) => Promise<KubeObject>
  /** Resolves after `ms`, or rejects when `signal` aborts. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>
}

/**
 * Adds the container and waits until it runs (or ends, or START_LIMIT_MS pass), telling `onProgress`
 * each step. Resolves with the container's name once it runs, else null; a failure is a progress
 * step, not a rejection. Aborting `signal` stops the wait (the container stays in the pod: an
 * ephemeral container cannot be removed).
 */
export async function startDebugContainer(steps: DebugSteps, onProgress: (p: DebugProgress) => void, signal: AbortSignal): Promise<string | null> {
  onProgress({ phase: 'starting' })
  let container: string
  try {
    container = (await steps.start()).container
  } catch (e) {
    onProgress({ phase: 'failed', message: e instanceof Error ? e.message : String(e) })
    return null
  }
  let reason: string | undefined
  for (let waited = 0; ; waited += POLL_MS) {
    onProgress({ phase: 'waiting', container, reason })
    let state: ContainerState | undefined
    try {
      state = ephemeralState(await steps.read(signal), container)
    } catch (e) {
      if (signal.aborted) return null
      onProgress({ phase: 'failed', container, message: `reading the pod failed: ${e instanceof Error ? e.message : String(e)}` })
      return null
    }
    if (state?.running) {
      onProgress({ phase: 'running', container })
      return container
    }
    if (state?.terminated) {
      const t = state.terminated
      onProgress({ phase: 'failed', container, message: `${container} ended (${t.reason ?? 'terminated'}, exit code ${t.exitCode ?? '?'})${t.message ? `: ${t.message}` : ''}` })
      return null
    }
    reason = state?.waiting ? [state.waiting.reason, state.waiting.message].filter(Boolean).join(': ') : undefined
    if (waited >= START_LIMIT_MS) {
      onProgress({ phase: 'failed', container, message: `${container} is not running after ${START_LIMIT_MS / 1000} s${reason ? ` (${reason})` : ''}` })
      return null
    }
    try {
      await steps.sleep(POLL_MS, signal)
    } catch {
      return null
    }
  }
}
