import { expect, test } from 'vitest'
import { containerLabel, type ContainerInfo } from './api'

const c = (o: Partial<ContainerInfo>): ContainerInfo => ({
  name: 'app', kind: 'container', image: 'x', state: 'running', reason: null, ready: true, restartCount: 0, startedAt: null, hasPreviousLogs: false, ...o,
})

test('container picker labels say the kind, state reason and restarts', () => {
  expect(containerLabel(c({}))).toBe('app')
  expect(containerLabel(c({ kind: 'init', name: 'migrate', state: 'terminated', reason: 'Completed' }))).toBe('init: migrate (Completed)')
  expect(containerLabel(c({ state: 'waiting', reason: 'CrashLoopBackOff', restartCount: 12 }))).toBe('app (CrashLoopBackOff, 12 restarts)')
  expect(containerLabel(c({ state: 'waiting', restartCount: 1 }))).toBe('app (waiting, 1 restart)')
})
