import { expect, test } from 'vitest'
import type { RunningImage } from './api'
import { concernsOf, countConcerns, displayName, shortDigest, sortImages, workloadRoute } from './imagesModel'

const image = (over: Partial<RunningImage>): RunningImage => ({
  reference: 'r', registry: 'docker.io', repository: 'library/nginx', tag: '1.27', pinnedDigest: null, latestTag: false, written: [],
  digests: [], pods: 1, pullFailing: 0, places: [], ...over,
})
const D1 = { digest: `sha256:${'a'.repeat(64)}`, pods: 1, cves: null }
const D2 = { digest: `sha256:${'b'.repeat(64)}`, pods: 2, cves: null }

test('what to look at: several builds of an unpinned tag, latest, a pull failing', () => {
  expect(concernsOf(image({ digests: [D1, D2] }))).toEqual(['builds'])
  expect(concernsOf(image({ digests: [D1, D2], pinnedDigest: D1.digest })), 'a digest pins one build: two can only be a registry mirror').toEqual([])
  expect(concernsOf(image({ latestTag: true, pullFailing: 1 }))).toEqual(['latest', 'pull'])
  expect(countConcerns([image({ latestTag: true }), image({ latestTag: true, digests: [D1, D2] })])).toEqual({ builds: 1, latest: 2, pull: 0 })
})

test('names as one types them, digests short enough to tell apart, and workloads linked when the console has their page', () => {
  expect(displayName(image({}))).toBe('nginx')
  expect(displayName(image({ repository: 'bitnami/redis' }))).toBe('bitnami/redis')
  expect(displayName(image({ registry: 'ghcr.io', repository: 'library/x' }))).toBe('ghcr.io/library/x')
  expect(shortDigest(D1.digest)).toBe('sha256:aaaaaaaaaaaa…')
  expect(shortDigest('sha256:abc')).toBe('sha256:abc')
  expect(workloadRoute('prod', { kind: 'DaemonSet', namespace: 'kube-system', name: 'aws-node' }))
    .toBe('/clusters/prod/r/apps/v1/daemonsets?ns=kube-system&sel=kube-system%2Faws-node')
  expect(workloadRoute('prod', { kind: 'Pod', namespace: 'tools', name: 'debug' })).toBe('/clusters/prod/r/core/v1/pods?ns=tools&sel=tools%2Fdebug')
  expect(workloadRoute('prod', { kind: 'Rollout', namespace: 'shop', name: 'web' })).toBeUndefined()
})

test('by name as shown: Docker Hub images sort among the others, tags in number order', () => {
  const images = [
    image({ reference: 'a', registry: '602401143452.dkr.ecr.us-east-1.amazonaws.com', repository: 'amazon-k8s-cni', pods: 3 }),
    image({ reference: 'b', registry: 'docker.io', repository: 'library/nginx', tag: '1.27' }),
    image({ reference: 'c', registry: 'docker.io', repository: 'library/nginx', tag: '1.9' }),
    image({ reference: 'd', registry: 'ghcr.io', repository: 'acme/api', pods: 2 }),
  ]
  expect(sortImages(images, 'name').map((i) => i.reference)).toEqual(['a', 'd', 'c', 'b'])
  expect(sortImages(images, 'pods').map((i) => i.reference)).toEqual(['a', 'd', 'c', 'b'])
})

test('worst CVEs first: by critical, then high, then medium findings of any build; no scan last', () => {
  const scanned = (critical: number, high: number) => ({ digest: 'd', pods: 1, cves: { state: 'SCANNED' as const, counts: { critical, high, medium: 0, low: 0, informational: 0, untriaged: 0 } } })
  const images = [
    image({ reference: 'clean', repository: 'a', digests: [scanned(0, 0)] }),
    image({ reference: 'unscanned', repository: 'b', digests: [{ digest: 'd', pods: 1, cves: null }] }),
    image({ reference: 'high', repository: 'c', digests: [scanned(0, 5)] }),
    image({ reference: 'critical', repository: 'd', digests: [scanned(0, 1), scanned(1, 0)] }),
  ]
  expect(sortImages(images, 'cves').map((i) => i.reference)).toEqual(['critical', 'high', 'clean', 'unscanned'])
})
