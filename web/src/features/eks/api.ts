/**
 * EKS upgrade readiness and add-ons of one cluster (server `io.periscope.aws.eks`): read with
 * the server's AWS identity; add-on writes are a person's decision, gated by a Periscope
 * permission and audited as `addon_write`.
 */
import { apiFetch } from '../../api/client'

export interface HealthIssue { code: string; message: string; resourceIds: string[] }

export interface AddonFreshness {
  currentMinor: string
  nextMinor: string
  installed: string
  latestForCurrent: string | null
  defaultForCurrent: string | null
  compatibleWithCurrent: boolean
  compatibleWithNext: boolean
  minimumForNext: string | null
  latestForNext: string | null
  /** Published versions for the current minor newer than the installed one. */
  behind: number
  blocksNextMinor: boolean
}

export type AddonStatus = 'CREATING' | 'ACTIVE' | 'CREATE_FAILED' | 'UPDATING' | 'DELETING' | 'DELETE_FAILED' | 'DEGRADED' | 'UPDATE_FAILED'

export interface InstalledAddon {
  name: string
  version: string
  status: AddonStatus
  health: HealthIssue[]
  configurationValues: string | null
  serviceAccountRoleArn: string | null
  podIdentityAssociations: string[]
  publisher: string | null
  owner: string | null
  createdAt: string | null
  modifiedAt: string | null
  freshness: AddonFreshness | null
}

export interface AddonsPage {
  kubernetesVersion: string
  nextVersion: string
  addons: InstalledAddon[]
  problems: string[]
  /** Whether this person may install, update and delete add-ons; `writeRule` says who may. */
  canWrite: boolean
  writeRule: string
}

export interface Release {
  version: string
  clusterVersions: string[]
  defaultFor: string[]
  requiresConfiguration: boolean
  requiresIamPermissions: boolean
}

export interface PublishedAddon { name: string; type: string | null; publisher: string | null; owner: string | null; versions: Release[] }

export interface AddonConfiguration {
  addonName: string
  addonVersion: string
  /** The JSON schema (as text) the configuration values must satisfy; null when the version publishes none. */
  schema: string | null
  podIdentity: { serviceAccount: string; recommendedManagedPolicies: string[] }[]
}

export interface Verdict { valid: boolean; schemaPresent: boolean; errors: string[] }

export interface AddonUpdate {
  id: string
  status: 'InProgress' | 'Failed' | 'Cancelled' | 'Successful'
  type: string
  createdAt: string | null
  params: Record<string, string>
  errors: { code: string; message: string; resourceIds: string[] }[]
}

export type Op = 'install' | 'update' | 'delete'
export type ResolveConflicts = 'OVERWRITE' | 'PRESERVE' | 'NONE'

export interface WriteRequest {
  addonName?: string
  addonVersion?: string
  resolveConflicts?: ResolveConflicts
  configurationValues?: string
  serviceAccountRoleArn?: string
  podIdentityAssociations?: { serviceAccount: string; roleArn: string }[]
  preserve?: boolean
}

export interface Preview {
  op: Op
  addonName: string
  fromVersion: string | null
  toVersion: string | null
  changes: { field: string; before: string | null; after: string | null }[]
  resolveConflicts: ResolveConflicts | null
  resolveConflictsMeaning: string | null
  configuration: Verdict
  warnings: string[]
  allowed: boolean
  rule: string
}

export interface Submitted { op: Op; addonName: string; fromVersion: string | null; toVersion: string | null; status: string; updateId: string | null }

export interface Insight {
  id: string
  name: string
  category: string
  kubernetesVersion: string
  status: 'PASSING' | 'WARNING' | 'ERROR' | 'UNKNOWN'
  reason: string | null
  description: string | null
  recommendation: string | null
  link: string | null
  lastRefreshTime: string | null
  lastTransitionTime: string | null
  deprecations: {
    usage: string
    replacedWith: string | null
    stopServingVersion: string | null
    startServingReplacementVersion: string | null
    clients: { userAgent: string; requestsLast30Days: number | null; lastRequestTime: string | null }[]
  }[]
  resources: { status: string | null; kubernetesResourceUri: string | null; arn: string | null }[]
  /** The EKS add-ons the insight names (its add-on compatibility details and add-on ARNs). */
  addons: string[]
}

/** An insight older than the update of the add-ons it names to versions compatible with the next minor. */
export interface StaleInsight { id: string; name: string; lastRefreshTime: string | null; updated: string[] }

export interface Nodegroup {
  name: string
  status: string
  version: string
  releaseVersion: string | null
  amiType: string
  capacityType: string | null
  minorsBehind: number
  ami: { current: string | null; latest: string | null; releasesBehind: number; daysBehind: number | null } | null
  amiNote: string | null
  /** Nodes carrying the group's `eks.amazonaws.com/nodegroup` label; null when the nodes could not be read. */
  nodes: number | null
}

export type NodeOriginKind = 'NODEGROUP' | 'KARPENTER' | 'FARGATE' | 'SELF_MANAGED'

/** The nodes of one origin: a managed node group, a Karpenter NodePool, Fargate, or self-managed. */
export interface NodeOrigin {
  kind: NodeOriginKind
  /** The node group or NodePool; null for Fargate and self-managed nodes. */
  name: string | null
  nodes: number
  kubelets: { version: string; minor: string | null; nodes: number }[]
  /** How these nodes get the next minor. */
  upgrade: string
}

export interface NodeSkew { targetVersion: string; supportedMinorsBehind: number; withinSkew: boolean; oldestKubelet: string | null; outside: string[] }

export interface NodeClassDrift { name: string; nodePools: string[]; amiSelectorTerms: string[]; followsLatest: boolean; note: string }

export interface NodesSection {
  /** Whether the nodes could be listed as this person; when not, `problems` says why. */
  available: boolean
  total: number
  origins: NodeOrigin[]
  skew: NodeSkew[]
  /** Whether the cluster serves Karpenter's NodePools; null when that could not be told. */
  karpenter: boolean | null
  nodeClasses: NodeClassDrift[]
}

export interface Reason { source: 'insight' | 'nodegroup' | 'addon' | 'nodes' | 'karpenter'; subject: string; message: string }
/** `ready`: nothing blocks the target and every check could be made; `unknown` names the checks that could not (problems says why). */
export interface TargetVerdict { targetVersion: string; ready: boolean; blockers: Reason[]; warnings: Reason[]; unknown: string[] }

export interface Readiness {
  cluster: string
  eksName: string
  kubernetesVersion: string
  nextVersion: string
  verdicts: TargetVerdict[]
  /** null when they could not be read (problems says why). */
  insights: Insight[] | null
  staleInsights: StaleInsight[]
  /** null when they could not be read (problems says why). */
  nodegroups: Nodegroup[] | null
  nodes: NodesSection
  addons: { kubernetesVersion: string; nextVersion: string; addons: InstalledAddon[]; problems: string[] } | null
  problems: string[]
}

/** Statuses AWS is still working towards: the console polls until one of the others. */
export const IN_PROGRESS: readonly string[] = ['CREATING', 'UPDATING', 'DELETING']

const base = (cluster: string) => `/api/clusters/${encodeURIComponent(cluster)}/eks`
const addonPath = (cluster: string, name: string) => `${base(cluster)}/addons/${encodeURIComponent(name)}`
const post = (body: unknown) => ({ method: 'POST' as const, body })

export const eksApi = {
  readiness: (cluster: string, signal?: AbortSignal) => apiFetch<Readiness>(`${base(cluster)}/upgrade-readiness`, { signal }),
  addons: (cluster: string, signal?: AbortSignal) => apiFetch<AddonsPage>(`${base(cluster)}/addons`, { signal }),
  addon: (cluster: string, name: string, signal?: AbortSignal) => apiFetch<InstalledAddon>(addonPath(cluster, name), { signal }),
  history: (cluster: string, name: string, signal?: AbortSignal) => apiFetch<AddonUpdate[]>(`${addonPath(cluster, name)}/updates`, { signal }),
  update: (cluster: string, name: string, id: string, signal?: AbortSignal) =>
    apiFetch<AddonUpdate>(`${addonPath(cluster, name)}/updates/${encodeURIComponent(id)}`, { signal }),
  catalog: (cluster: string, f: { kubernetesVersion?: string; type?: string; publisher?: string }, signal?: AbortSignal) => {
    const q = new URLSearchParams(Object.entries(f).filter(([, v]) => !!v) as [string, string][])
    return apiFetch<PublishedAddon[]>(`${base(cluster)}/addon-catalog${q.size ? `?${q}` : ''}`, { signal })
  },
  configuration: (cluster: string, name: string, version: string, signal?: AbortSignal) =>
    apiFetch<AddonConfiguration>(`${base(cluster)}/addon-configuration?${new URLSearchParams({ addonName: name, addonVersion: version })}`, { signal }),
  validate: (cluster: string, name: string, version: string, configurationValues: string) =>
    apiFetch<Verdict>(`${base(cluster)}/addon-configuration/validate`, post({ addonName: name, addonVersion: version, configurationValues })),
  preview: (cluster: string, name: string, op: Op, req: WriteRequest) =>
    apiFetch<Preview>(`${addonPath(cluster, name)}/preview`, post({ op, ...req, addonName: undefined })),
  write: (cluster: string, name: string, op: Op, req: WriteRequest) =>
    op === 'install'
      ? apiFetch<Submitted>(`${base(cluster)}/addons`, post({ ...req, addonName: name }))
      : apiFetch<Submitted>(`${addonPath(cluster, name)}/${op}`, post({ ...req, addonName: undefined })),
}
