import { expect, test } from 'vitest'
import { countOf, countOfResource, singular } from './plural'

test('a count takes the singular noun for one and the plural otherwise, a given plural when the noun needs one', () => {
  expect(countOf(1, 'pod')).toBe('1 pod')
  expect(countOf(0, 'pod')).toBe('0 pods')
  expect(countOf(2, 'pod')).toBe('2 pods')
  expect(countOf(1, 'policy', 'policies')).toBe('1 policy')
  expect(countOf(3, 'policy', 'policies')).toBe('3 policies')
})

test('a resource name, a plural, reads in the singular for one object ("1 workloads" read wrong)', () => {
  expect(countOfResource(1, 'workloads')).toBe('1 workload')
  expect(countOfResource(2, 'workloads')).toBe('2 workloads')
  expect(countOfResource(1, 'iam-policies')).toBe('1 iam-policy')
  expect(countOfResource(1, 'ingresses')).toBe('1 ingress')
  expect(countOfResource(1, 'storageclasses')).toBe('1 storageclass')
  expect(countOfResource(1, 'leases')).toBe('1 lease')
  expect(countOfResource(1, 'deployments.apps')).toBe('1 deployment.apps')
  expect(singular('agent-certificate')).toBe('agent-certificate')
})
