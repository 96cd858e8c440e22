import { expect, test } from 'vitest'
import { isFailingPod } from './failingPods'

const pod = (status: Record<string, unknown> | undefined) => ({ metadata: { name: 'p' }, status })

test("a pod fails by the fleet's rule: Failed or Unknown, a container that cannot run, or no node will take it", () => {
  expect(isFailingPod(pod({ phase: 'Failed' }))).toBe(true)
  expect(isFailingPod(pod({ phase: 'Unknown' }))).toBe(true)
  for (const reason of ['CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull', 'CreateContainerConfigError', 'CreateContainerError', 'InvalidImageName']) {
    expect(isFailingPod(pod({ phase: 'Pending', containerStatuses: [{ state: { running: {} } }, { state: { waiting: { reason } } }] })), reason).toBe(true)
  }
  expect(isFailingPod(pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] }))).toBe(true)
})

test('a pod starting, running or done is not failing, nor a row without its status', () => {
  expect(isFailingPod(pod({ phase: 'Pending', containerStatuses: [{ state: { waiting: { reason: 'ContainerCreating' } } }] }))).toBe(false)
  expect(isFailingPod(pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }))).toBe(false)
  expect(isFailingPod(pod({ phase: 'Running' }))).toBe(false)
  expect(isFailingPod(pod({ phase: 'Succeeded' }))).toBe(false)
  expect(isFailingPod(pod(undefined))).toBe(false)
  expect(isFailingPod(undefined)).toBe(false)
})
