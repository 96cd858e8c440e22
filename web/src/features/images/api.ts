/** `GET /api/fleet/images` (docs/api.md "Running images"): every cluster's pods, read as the person, grouped by image. */
import { apiFetch } from '../../api/client'
import type { FleetClusterStatus } from '../clusters/UnansweredClusters'
import type { Chip } from '../inspector/api'

/** A build (digest) of an image the kubelets pulled, and how many pods run it. */
export interface ImageBuild {
  digest: string
  pods: number
  /** Amazon Inspector's findings for it, from a cluster with Inspector on that runs it; null elsewhere. */
  cves: Chip | null
}

/** One workload's use of an image: a Deployment is named for its ReplicaSets' pods, a pod without a controller by itself. */
export interface WorkloadUse {
  namespace: string
  kind: string
  name: string
  pods: number
  containers: string[]
  pullFailing: number
}

export interface ImagePlace {
  cluster: string
  pods: number
  workloads: WorkloadUse[]
  /** Workloads beyond the 50 listed. */
  moreWorkloads: number
}

export interface RunningImage {
  /** `registry/repository:tag[@digest]`, one spelling however pod specs write it. */
  reference: string
  registry: string
  repository: string
  tag: string | null
  pinnedDigest: string | null
  /** `:latest` (or no tag) and no digest: a new push changes what the next pod runs. */
  latestTag: boolean
  written: string[]
  /** Most pods first; more than one for a tag means it was pushed again between pulls. */
  digests: ImageBuild[]
  pods: number
  pullFailing: number
  places: ImagePlace[]
}

export interface ImageClusterPart extends FleetClusterStatus {
  /** Pods read on it. */
  pods: number
  /** Why its builds have no CVE chip although Inspector is on there (the server's role was refused, naming the action); null otherwise. */
  cvesUnavailable: string | null
}

export interface FleetImages {
  images: RunningImage[]
  /** Images matching the query; `images` holds the first 500. */
  matched: number
  /** Pods running any of them, each once (a pod with a sidecar runs two images). */
  pods: number
  truncated: boolean
  clusters: ImageClusterPart[]
  partial: boolean
}

export interface ImageQuery {
  text: string
  cluster: string
}

export const imagesApi = {
  find: (q: ImageQuery, signal?: AbortSignal) => {
    const params = new URLSearchParams({ ...(q.text ? { q: q.text } : {}), ...(q.cluster ? { cluster: q.cluster } : {}) })
    const query = params.toString()
    return apiFetch<FleetImages>(`/api/fleet/images${query ? `?${query}` : ''}`, { signal })
  },
}
