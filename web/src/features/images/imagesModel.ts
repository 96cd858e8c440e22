/**
 * What an SRE looks for in a fleet's images, as plain functions: a tag that runs as several builds,
 * `:latest`, images that cannot be pulled; and links from a workload to its page.
 */
import { objectRoute } from '../resources/groups'
import type { ImageClusterPart, RunningImage, WorkloadUse } from './api'

export type Concern = 'builds' | 'latest' | 'pull'

export const CONCERNS: Record<Concern, { label: string; why: string }> = {
  builds: {
    label: 'Several builds of one tag',
    why: 'The tag was pushed again between pulls: pods started at different times run different code under one name.',
  },
  latest: { label: 'Latest tag', why: 'No version and no digest: the next pod to start runs whatever was pushed last.' },
  pull: { label: 'Failing to pull', why: 'Some pod waits on ErrImagePull or ImagePullBackOff for this image.' },
}

export function concernsOf(image: RunningImage): Concern[] {
  const out: Concern[] = []
  if (!image.pinnedDigest && image.digests.length > 1) out.push('builds')
  if (image.latestTag) out.push('latest')
  if (image.pullFailing > 0) out.push('pull')
  return out
}

/** How many images have each concern. */
export function countConcerns(images: readonly RunningImage[]): Record<Concern, number> {
  const counts: Record<Concern, number> = { builds: 0, latest: 0, pull: 0 }
  for (const i of images) for (const c of concernsOf(i)) counts[c]++
  return counts
}

/**
 * Why an image's CVEs cell has no chip. The server gives a build a chip only from a cluster where Inspector is on
 * and readable (docs/api.md "Running images"), and says per cluster why one is not readable (`cvesUnavailable`);
 * a cluster it runs on without such a reason has Inspector off in Periscope's settings.
 */
export function noCvesWhy(image: RunningImage, clusters: readonly ImageClusterPart[]): string {
  if (image.digests.length === 0) return 'No CVEs: no build pulled yet, so there is no digest to look up in Amazon Inspector'
  const on = image.places.map((p) => p.cluster)
  const unreadable = clusters.filter((c) => c.cvesUnavailable && on.includes(c.cluster))
  const off = on.filter((c) => !unreadable.some((u) => u.cluster === c))
  const why = [
    ...(off.length ? [`Amazon Inspector is off for ${off.join(', ')} (inspector.enabled)`] : []),
    ...unreadable.map((u) => `Amazon Inspector could not be read for ${u.cluster}: ${u.cvesUnavailable}`),
  ]
  return `No CVEs: ${why.join('; ')}`
}

/** `sha256:3f2a9c1d0b7e…`: enough of a digest to tell builds apart. */
export function shortDigest(digest: string): string {
  const [algorithm, hex] = digest.split(':')
  return hex && hex.length > 12 ? `${algorithm}:${hex.slice(0, 12)}…` : digest
}

/** The image as one reads it: Docker Hub's `docker.io/library/` left out, as `docker pull` would take it. */
export function displayName(image: Pick<RunningImage, 'registry' | 'repository'>): string {
  if (image.registry !== 'docker.io') return `${image.registry}/${image.repository}`
  return image.repository.startsWith('library/') ? image.repository.slice('library/'.length) : image.repository
}

const WORKLOAD_KINDS: Record<string, { group: string; version: string; plural: string }> = {
  Deployment: { group: 'apps', version: 'v1', plural: 'deployments' },
  StatefulSet: { group: 'apps', version: 'v1', plural: 'statefulsets' },
  DaemonSet: { group: 'apps', version: 'v1', plural: 'daemonsets' },
  ReplicaSet: { group: 'apps', version: 'v1', plural: 'replicasets' },
  Job: { group: 'batch', version: 'v1', plural: 'jobs' },
  Pod: { group: 'core', version: 'v1', plural: 'pods' },
}

/** The workload's page, for the kinds the console knows; undefined for a custom controller's kind. */
export function workloadRoute(cluster: string, w: Pick<WorkloadUse, 'kind' | 'namespace' | 'name'>): string | undefined {
  const kind = WORKLOAD_KINDS[w.kind]
  return kind ? objectRoute(cluster, kind, w.namespace || undefined, w.name) : undefined
}

export type ImageSort = 'name' | 'pods' | 'cves'

/** How bad an image's worst build is: critical, then high, then medium findings (no scan sorts last). */
function severity(image: RunningImage): [number, number, number] {
  let worst: [number, number, number] = [-1, -1, -1]
  for (const b of image.digests) {
    if (b.cves?.state !== 'SCANNED') continue
    const c = b.cves.counts
    const s: [number, number, number] = [c.critical, c.high, c.medium]
    if (s[0] > worst[0] || (s[0] === worst[0] && (s[1] > worst[1] || (s[1] === worst[1] && s[2] > worst[2])))) worst = s
  }
  return worst
}

/**
 * By the name as shown (Docker Hub's images among the others, not after every registry starting with a
 * digit), then tag; or most pods first; or the worst findings first (of any of the image's builds).
 */
export function sortImages(images: readonly RunningImage[], by: ImageSort): RunningImage[] {
  const byName = (a: RunningImage, b: RunningImage) => displayName(a).localeCompare(displayName(b)) || (a.tag ?? '').localeCompare(b.tag ?? '', undefined, { numeric: true })
  const bySeverity = (a: RunningImage, b: RunningImage) => {
    const [x, y] = [severity(a), severity(b)]
    return y[0] - x[0] || y[1] - x[1] || y[2] - x[2] || byName(a, b)
  }
  return images.slice().sort(by === 'pods' ? (a, b) => b.pods - a.pods || byName(a, b) : by === 'cves' ? bySeverity : byName)
}
