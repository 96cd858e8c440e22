/** Agent administration (docs/api.md "Agents"): admins only; every mutation is audited. */
import { apiFetch } from '../../api/client'

export interface AgentCertificate {
  /** Hex serial, as the revoke route takes it. */
  serial: string
  notAfter: string
  revoked: boolean
  /** The certificate the cluster's connected agent presented. */
  inUse: boolean
}

/** An agent of this cluster's certificate refused for running in another Kubernetes cluster. */
export interface IdentityConflict {
  /** The kube-system Namespace UID of the cluster that agent runs in. */
  uid: string
  firstSeenAt: string
  lastSeenAt: string
}

/** Which Kubernetes cluster the name stands for (docs/agent.md "Cluster identity"). */
export interface ClusterIdentity {
  /** The kube-system Namespace UID the cluster name is bound to; null before an agent sent one. */
  boundUid: string | null
  boundAt: string | null
  /** `verified`: the connected agents sent the bound UID; `unverified`: one sent none; null: none connected to this server. */
  live: 'verified' | 'unverified' | null
  conflict: IdentityConflict | null
}

export interface AgentCluster {
  cluster: string
  agent: string
  /** `connected`, or the 503 code its requests get (`agent_disconnected`, `agent_deregistered`, …). */
  state: string
  reason: string
  deregisteredAt: string | null
  certificates: AgentCertificate[]
  identity: ClusterIdentity
}

export interface MintedToken {
  token: string
  cluster: string
  expiresAt: string
  /** Where agents dial as far as the server knows (`agent.serverUrl`), null when it has no tunnel hostnames. */
  serverUrl: string | null
}

export interface AgentCa {
  caPem: string
  sha256Fingerprint: string
}

const enc = encodeURIComponent

export const agentsApi = {
  list: (signal?: AbortSignal) => apiFetch<AgentCluster[]>('/api/agents', { signal }),
  mint: (cluster: string) => apiFetch<MintedToken>('/api/agents/tokens', { method: 'POST', body: { cluster } }),
  deregister: (cluster: string) =>
    apiFetch<{ cluster: string; revokedCertificates: number }>(`/api/agents/${enc(cluster)}`, { method: 'DELETE' }),
  revoke: (serial: string) =>
    apiFetch<{ serial: string; cluster: string }>(`/api/agents/certificates/${enc(serial)}/revoke`, { method: 'POST' }),
  rebind: ({ cluster, uid }: { cluster: string; uid: string }) =>
    apiFetch<{ cluster: string; uid: string; previousUid: string | null }>(`/api/agents/${enc(cluster)}/identity/rebind`, {
      method: 'POST',
      body: { uid },
    }),
  ca: (signal?: AbortSignal) => apiFetch<AgentCa>('/api/agents/ca', { signal }),
  rotateCa: () => apiFetch<AgentCa>('/api/agents/ca/rotate', { method: 'POST' }),
}

/** File name of the CA bundle the install commands pass to the agent chart. */
export const CA_FILE = 'periscope-tunnel-ca.pem'

/**
 * The commands to run on the private cluster for a freshly minted token (docs/setup/install.md,
 * Option 5): the token goes into a Secret so it never sits in a values file or the release.
 */
export function installCommands(minted: MintedToken): string {
  const server = minted.serverUrl ?? 'https://<tunnel address>:8443'
  return [
    'kubectl create namespace periscope-agent',
    `kubectl -n periscope-agent create secret generic agent-token --from-literal=token='${minted.token}'`,
    'helm install agent deploy/helm/periscope-agent -n periscope-agent -f authz.yaml \\',
    `  --set agent.serverUrl=${server} \\`,
    `  --set agent.clusterName=${minted.cluster} \\`,
    '  --set agent.existingTokenSecret.name=agent-token \\',
    `  --set-file agent.caBundle=./${CA_FILE}`,
  ].join('\n')
}

/** The cluster states whose installed agent only a new registration gets back in, and what each means. */
export const REFUSED_FOR_GOOD: Record<string, string> = {
  agent_certificate_revoked: 'its certificate was revoked',
  agent_certificate_expired: 'its certificate expired',
  agent_deregistered: 'the cluster was deregistered',
  agent_ca_rotated: 'the agent CA was rotated',
}

/**
 * The commands that give an installed agent refused for good ({@link REFUSED_FOR_GOOD}) a new token: it replaces the
 * old one in the Secret {@link installCommands} made, and a restart lets the agent register again on its own, its state
 * as it is (docs/agent.md, "Registering again"). After a CA rotation the agent needs the new CA bundle too. Null for
 * any other state: there is no installed agent to give it to, or it is not refused.
 */
export function reregisterCommands(minted: MintedToken, state: string): string | null {
  if (!Object.hasOwn(REFUSED_FOR_GOOD, state)) return null
  return [
    `kubectl -n periscope-agent create secret generic agent-token --from-literal=token='${minted.token}' \\`,
    '  --dry-run=client -o yaml | kubectl apply -f -',
    ...(state === 'agent_ca_rotated'
      ? [`helm upgrade agent deploy/helm/periscope-agent -n periscope-agent --reuse-values --set-file agent.caBundle=./${CA_FILE}`]
      : []),
    'kubectl -n periscope-agent rollout restart deployment/agent-periscope-agent',
  ].join('\n')
}

/** A certificate's standing at `now`: revoked wins over expired. */
export function certificateStatus(c: AgentCertificate, now: number): 'revoked' | 'expired' | 'valid' {
  if (c.revoked) return 'revoked'
  return Date.parse(c.notAfter) <= now ? 'expired' : 'valid'
}

/**
 * A UID short enough for a line of text: its first 8 and last 4 characters. Both ends, because UIDs
 * minted in sequence (a test or demo apiserver's) share their first block.
 */
export function shortUid(uid: string): string {
  return uid.length > 14 ? `${uid.slice(0, 8)}…${uid.slice(-4)}` : uid
}
