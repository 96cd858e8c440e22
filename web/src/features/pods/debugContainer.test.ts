import { expect, test, vi } from 'vitest'
import type { KubeObject } from '../../api/kube'
import { POLL_MS, START_LIMIT_MS, startDebugContainer, type DebugProgress } from './debugContainer'

const podWith = (state: object | undefined): KubeObject =>
  ({ metadata: { name: 'web' }, status: { ephemeralContainerStatuses: state ? [{ name: 'debugger-abcde', state }] : [] } }) as unknown as KubeObject

function steps(reads: KubeObject[], start: () => Promise<{ container: string }> = async () => ({ container: 'debugger-abcde' })) {
  const slept: number[] = []
  return {
    slept,
    steps: {
      start: vi.fn(start),
      read: vi.fn(async () => reads.length > 1 ? reads.shift()! : reads[0]),
      sleep: vi.fn(async (ms: number) => { slept.push(ms) }),
    },
  }
}

test('the container is added, then the pod is read every second until the kubelet runs it', async () => {
  const s = steps([podWith(undefined), podWith({ waiting: { reason: 'ContainerCreating' } }), podWith({ running: { startedAt: 'now' } })])
  const seen: DebugProgress[] = []

  const container = await startDebugContainer(s.steps, (p) => seen.push(p), new AbortController().signal)

  expect(container).toBe('debugger-abcde')
  expect(seen).toEqual([
    { phase: 'starting' },
    { phase: 'waiting', container: 'debugger-abcde', reason: undefined },
    { phase: 'waiting', container: 'debugger-abcde', reason: undefined },
    { phase: 'waiting', container: 'debugger-abcde', reason: 'ContainerCreating' },
    { phase: 'running', container: 'debugger-abcde' },
  ])
  expect(s.slept).toEqual([POLL_MS, POLL_MS])
})

test('a refused start, a container that ended and one that never starts each say why', async () => {
  const refused = steps([], async () => { throw new Error('pods "web" is forbidden: cannot patch resource "pods/ephemeralcontainers"') })
  const seen: DebugProgress[] = []
  expect(await startDebugContainer(refused.steps, (p) => seen.push(p), new AbortController().signal)).toBeNull()
  expect(seen.at(-1)).toEqual({ phase: 'failed', message: 'pods "web" is forbidden: cannot patch resource "pods/ephemeralcontainers"' })
  expect(refused.steps.read).not.toHaveBeenCalled()

  const ended = steps([podWith({ terminated: { reason: 'Error', exitCode: 127, message: 'exec: "sh": not found' } })])
  await startDebugContainer(ended.steps, (p) => seen.push(p), new AbortController().signal)
  expect(seen.at(-1)).toEqual({ phase: 'failed', container: 'debugger-abcde', message: 'debugger-abcde ended (Error, exit code 127): exec: "sh": not found' })

  const stuck = steps([podWith({ waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "busybox:nope"' } })])
  await startDebugContainer(stuck.steps, (p) => seen.push(p), new AbortController().signal)
  expect(seen.at(-1)).toEqual({ phase: 'failed', container: 'debugger-abcde',
    message: `debugger-abcde is not running after ${START_LIMIT_MS / 1000} s (ImagePullBackOff: Back-off pulling image "busybox:nope")` })
  expect(stuck.slept.reduce((a, b) => a + b, 0)).toBe(START_LIMIT_MS)
})

test('an abort ends the wait without a verdict', async () => {
  const controller = new AbortController()
  const s = steps([podWith({ waiting: { reason: 'ContainerCreating' } })])
  s.steps.sleep.mockImplementation(async () => {
    controller.abort()
    throw new Error('aborted')
  })
  const seen: DebugProgress[] = []

  expect(await startDebugContainer(s.steps, (p) => seen.push(p), controller.signal)).toBeNull()
  expect(seen.map((p) => p.phase)).toEqual(['starting', 'waiting'])
})
