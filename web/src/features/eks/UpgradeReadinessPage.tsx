/**
 * `/clusters/:cluster/upgrade-readiness`: whether the EKS cluster can move to its next Kubernetes
 * minor — a verdict per target minor with its blockers, then the evidence: EKS upgrade insights
 * (deprecated APIs with who still calls them, when EKS last refreshed them, and whether an add-on
 * update has overtaken them), the cluster's nodes by origin (kubelet versions against the skew
 * policy, how each origin gets the new version, Karpenter's EC2NodeClasses), managed node groups
 * (version skew, AMI drift, node count) and add-on freshness.
 */
import { Link, useParams } from 'react-router'
import { CheckCircle2, CircleHelp, ExternalLink, OctagonX } from 'lucide-react'
import { Badge, Card, ErrorState, PageHeader, SkeletonRows, type Tone } from '../../ui'
import { useDocumentTitle } from '../../lib/useDocumentTitle'
import { AGE_REFRESH_MS, useNow } from '../../lib/useNow'
import type { Insight, NodeOrigin, Nodegroup, NodesSection, Readiness, StaleInsight, TargetVerdict } from './api'
import { useReadiness } from './hooks'
import { NotEksCluster, isNotEksCluster } from './NotEksCluster'
import { countOf } from '../../lib/plural'

const insightTone: Record<Insight['status'], Tone> = { PASSING: 'success', WARNING: 'warning', ERROR: 'danger', UNKNOWN: 'neutral' }

export function UpgradeReadinessPage() {
  useDocumentTitle('Upgrade readiness')
  const cluster = useParams().cluster ?? ''
  const readiness = useReadiness(cluster)
  const data = readiness.data
  return (
    <>
      <PageHeader
        title="Upgrade readiness"
        description={data ? `Cluster ${cluster} · EKS ${data.eksName} on Kubernetes ${data.kubernetesVersion}` : `Cluster ${cluster}`}
      />
      {isNotEksCluster(readiness.error) ? (
        <NotEksCluster cluster={cluster} what="EKS upgrade readiness" />
      ) : readiness.error ? (
        <ErrorState error={readiness.error} title="Could not read upgrade readiness" onRetry={() => void readiness.refetch()} />
      ) : !data ? (
        <SkeletonRows label="Loading" rows={4} rowHeight="h-12" />
      ) : (
        <div className="space-y-6">
          {data.verdicts.map((v) => <VerdictCard key={v.targetVersion} verdict={v} />)}
          {data.problems.length > 0 && (
            <section aria-label="Problems" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
              <ul className="list-disc pl-5">{data.problems.map((p) => <li key={p}>{p}</li>)}</ul>
            </section>
          )}
          <Insights insights={data.insights} stale={data.staleInsights ?? []} />
          <Nodes cluster={cluster} nodes={data.nodes} />
          <Nodegroups cluster={cluster} groups={data.nodegroups} controlPlane={data.kubernetesVersion} />
          <AddonFreshness cluster={cluster} data={data} />
        </div>
      )}
    </>
  )
}

/**
 * Blocked when anything blocks the target; else not known when a check could not be made (nothing
 * found in what could not be read is no readiness); else ready.
 */
function VerdictCard({ verdict }: { verdict: TargetVerdict }) {
  const unknown = verdict.unknown
  const blocked = verdict.blockers.length > 0
  const state = blocked ? 'blocked' : verdict.ready ? 'ready' : 'not known'
  return (
    <Card accent={blocked ? 'danger' : verdict.ready ? 'none' : 'warning'} className="p-4" data-testid="readiness-verdict" aria-label={`Kubernetes ${verdict.targetVersion}`}>
      <h2 className="flex items-center gap-2 text-base font-semibold text-slate-900 dark:text-slate-100">
        {blocked ? <OctagonX size={18} className="text-red-600" aria-hidden="true" />
          : verdict.ready ? <CheckCircle2 size={18} className="text-emerald-600" aria-hidden="true" />
            : <CircleHelp size={18} className="text-amber-600" aria-hidden="true" />}
        Kubernetes {verdict.targetVersion}:{' '}
        <Badge tone={blocked ? 'danger' : verdict.ready ? 'success' : 'warning'}>{state}</Badge>
      </h2>
      {unknown.length > 0 && (
        <p className="mt-2 text-sm text-slate-700 dark:text-slate-300" data-testid="readiness-unknown">
          Not checked, as the server could not read {unknown.length === 1 ? 'it' : 'them'}: {unknown.join(', ')}. The problems below say why.
        </p>
      )}
      {verdict.blockers.length > 0 && (
        <>
          <h3 className="mt-3 text-xs font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400">Blockers</h3>
          <ul className="mt-1 space-y-1 text-sm" data-testid="readiness-blockers">
            {verdict.blockers.map((b) => (
              <li key={`${b.source}/${b.subject}`} className="flex gap-2">
                <Badge tone="danger" className="shrink-0 self-start">{b.source}</Badge>
                <span className="text-slate-800 dark:text-slate-200">{b.message}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {verdict.warnings.length > 0 && (
        <>
          <h3 className="mt-3 text-xs font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400">Worth a look</h3>
          <ul className="mt-1 space-y-1 text-sm">
            {verdict.warnings.map((w) => (
              <li key={`${w.source}/${w.subject}/${w.message}`} className="flex gap-2">
                <Badge tone="warning" className="shrink-0 self-start">{w.source}</Badge>
                <span className="text-slate-700 dark:text-slate-300">{w.message}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  )
}

const th = 'px-3 py-2'
const table = 'w-full text-left text-sm'
const thead = 'bg-slate-50 text-xs text-slate-600 uppercase dark:bg-slate-800/60 dark:text-slate-400'

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section aria-label={title}>
      <h2 className="mb-2 text-sm font-semibold text-slate-900 dark:text-slate-100">{title}</h2>
      <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-700">{children}</div>
    </section>
  )
}

/** `6 days ago`, `3 hours ago`, `just now`: how old an insight's evidence is. */
export function ago(iso: string, now: number): string {
  const seconds = Math.max(0, Math.floor((now - Date.parse(iso)) / 1000))
  if (seconds < 90) return 'just now'
  const minutes = Math.floor(seconds / 60)
  if (minutes < 90) return `${countOf(minutes, 'minute')} ago`
  const hours = Math.floor(minutes / 60)
  if (hours < 36) return `${countOf(hours, 'hour')} ago`
  return `${countOf(Math.floor(hours / 24), 'day')} ago`
}

function Insights({ insights, stale }: { insights: Insight[] | null; stale: StaleInsight[] }) {
  const now = useNow(AGE_REFRESH_MS)
  return (
    <Section title="Upgrade insights">
      {insights == null ? <p className="p-3 text-sm text-slate-500">The upgrade insights could not be read (see the problems above).</p>
        : insights.length === 0 ? <p className="p-3 text-sm text-slate-500">EKS reports no upgrade insights for this cluster.</p> : (
        <table className={table}>
          <thead className={thead}>
            <tr><th scope="col" className={th}>Insight</th><th scope="col" className={th}>For</th><th scope="col" className={th}>Status</th><th scope="col" className={th}>Details</th></tr>
          </thead>
          <tbody className="divide-y divide-slate-200 dark:divide-slate-700">
            {insights.map((i) => (
              <tr key={i.id} className="align-top" data-testid="readiness-insight">
                <td className={th}>
                  <div className="font-medium text-slate-900 dark:text-slate-100">{i.name}</div>
                  {i.link && (
                    <a href={i.link} target="_blank" rel="noreferrer" className="inline-flex items-center gap-1 text-xs text-sky-700 hover:underline dark:text-sky-400">
                      Remediation <ExternalLink size={12} aria-hidden="true" />
                    </a>
                  )}
                </td>
                <td className={th}>{i.kubernetesVersion}</td>
                <td className={th}>
                  <Badge tone={insightTone[i.status]}>{i.status}</Badge>
                  {i.lastRefreshTime && (
                    <div className="mt-1 text-xs whitespace-nowrap text-slate-500 dark:text-slate-400" title={`last refreshed by EKS ${i.lastRefreshTime}`}>
                      refreshed {ago(i.lastRefreshTime, now)}
                    </div>
                  )}
                </td>
                <td className={`${th} space-y-1 text-slate-700 dark:text-slate-300`}>
                  {i.reason && <p>{i.reason}</p>}
                  {stale.filter((st) => st.id === i.id).map((st) => (
                    <p key={st.id} data-testid="readiness-stale-insight" className="rounded border border-amber-300 bg-amber-50 p-2 text-xs text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
                      Out of date: this insight predates the update of {st.updated.join(', ')}. EKS refreshes insights about daily; until then it
                      counts as a warning, not a blocker.
                    </p>
                  ))}
                  {i.recommendation && <p className="text-xs text-slate-500 dark:text-slate-400">{i.recommendation}</p>}
                  {i.deprecations.map((d) => (
                    <div key={d.usage} className="rounded border border-slate-200 p-2 text-xs dark:border-slate-700">
                      {/* An API path has no space to wrap at: break it anywhere rather than widen the table past a narrow window. */}
                      <div className="break-all"><span className="font-mono">{d.usage}</span>{d.replacedWith && <> → <span className="font-mono">{d.replacedWith}</span></>}</div>
                      {d.stopServingVersion && <div className="text-slate-500">removed in {d.stopServingVersion}</div>}
                      {d.clients.length > 0 && (
                        <ul className="mt-1">
                          {d.clients.map((c) => (
                            <li key={c.userAgent}>
                              <span className="font-mono">{c.userAgent}</span>: {c.requestsLast30Days ?? '?'} requests in 30 days
                              {c.lastRequestTime && <>, last {new Date(c.lastRequestTime).toISOString().slice(0, 16).replace('T', ' ')} UTC</>}
                            </li>
                          ))}
                        </ul>
                      )}
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  )
}

/** `1 release / 14 days behind`; the days are left out when the release names carry no dates. */
function amiDrift(releases: number, days: number | null): string {
  return `${countOf(releases, 'release')}${days == null ? '' : ` / ${countOf(days, 'day')}`} behind`
}


/** A group with no node: how far its release is behind, in grey, since nothing runs it until the group starts a node. */
function IdleGroupDrift({ group }: { group: Nodegroup }) {
  const behind = group.ami && group.ami.releasesBehind > 0 ? group.ami : null
  return (
    <span className="text-xs text-slate-500" title={behind
      ? `no node runs release ${group.releaseVersion ?? ''} now; a node the group starts would (latest ${behind.latest})`
      : `no node runs the group's release ${group.releaseVersion ?? ''} now`}>
      no nodes{behind ? ` · ${amiDrift(behind.releasesBehind, behind.daysBehind)}` : ''}
    </span>
  )
}

function Nodegroups({ cluster, groups, controlPlane }: { cluster: string; groups: Nodegroup[] | null; controlPlane: string }) {
  return (
    <Section title="Managed node groups">
      {groups == null ? <p className="p-3 text-sm text-slate-500">The managed node groups could not be read (see the problems above).</p>
        : groups.length === 0 ? <p className="p-3 text-sm text-slate-500">No managed node groups.</p> : (
        <table className={table}>
          <thead className={thead}>
            <tr><th scope="col" className={th}>Node group</th><th scope="col" className={th}>Nodes</th><th scope="col" className={th}>Kubernetes</th><th scope="col" className={th}>AMI release</th><th scope="col" className={th}>AMI drift</th></tr>
          </thead>
          <tbody className="divide-y divide-slate-200 dark:divide-slate-700">
            {groups.map((g) => (
              <tr key={g.name} data-testid="readiness-nodegroup">
                <td className={th}>
                  <Link className="font-medium text-sky-700 hover:underline dark:text-sky-400" to={nodesWith(cluster, 'eks.amazonaws.com/nodegroup', g.name)} title={`The nodes of node group ${g.name}`}>
                    {g.name}
                  </Link>{' '}
                  <span className="text-xs text-slate-500">{g.amiType}</span>
                </td>
                <td className={th} data-testid="readiness-nodegroup-nodes">
                  {g.nodes == null ? <span className="text-slate-500" title="the nodes could not be read">—</span>
                    : g.nodes === 0 ? <span className="text-slate-500" title={`no node carries the label eks.amazonaws.com/nodegroup=${g.name}`}>0</span>
                      : g.nodes}
                </td>
                <td className={th}>
                  {g.version}{' '}
                  {g.minorsBehind > 0 && <Badge tone="danger" title={`control plane ${controlPlane}`}>{countOf(g.minorsBehind, 'minor')} behind</Badge>}
                </td>
                <td className={`${th} font-mono text-xs`}>{g.releaseVersion ?? '—'}</td>
                <td className={th} data-testid="readiness-nodegroup-drift">
                  {/* With no node nothing runs the old AMI now: no warning, but a node the group starts would run its release. */}
                  {g.nodes === 0 ? <IdleGroupDrift group={g} />
                    : g.ami ? (g.ami.releasesBehind > 0
                    ? <Badge tone="warning" title={`latest ${g.ami.latest}`}>{amiDrift(g.ami.releasesBehind, g.ami.daysBehind)}</Badge>
                    : <Badge tone="success">latest</Badge>)
                    : <span className="text-xs text-slate-500">{g.amiNote}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  )
}

/** The Nodes list filtered by `label=value`. */
function nodesWith(cluster: string, label: string, value: string): string {
  return `/clusters/${encodeURIComponent(cluster)}/r/core/v1/nodes?labels=${encodeURIComponent(`${label}=${value}`)}`
}

const originWords: Record<NodeOrigin['kind'], string> = {
  NODEGROUP: 'Managed node group', KARPENTER: 'Karpenter NodePool', FARGATE: 'Fargate', SELF_MANAGED: 'Self-managed',
}

function originLink(cluster: string, o: NodeOrigin): string | null {
  if (o.kind === 'NODEGROUP' && o.name) return nodesWith(cluster, 'eks.amazonaws.com/nodegroup', o.name)
  if (o.kind === 'KARPENTER' && o.name) return nodesWith(cluster, 'karpenter.sh/nodepool', o.name)
  if (o.kind === 'FARGATE') return nodesWith(cluster, 'eks.amazonaws.com/compute-type', 'fargate')
  return null
}

function Nodes({ cluster, nodes }: { cluster: string; nodes: NodesSection | undefined }) {
  if (!nodes) return null
  return (
    <section aria-label="Nodes" className="space-y-2">
      <h2 className="text-sm font-semibold text-slate-900 dark:text-slate-100">
        Nodes{nodes.available && <span className="font-normal text-slate-500 dark:text-slate-400"> · {nodes.total} in the cluster</span>}
      </h2>
      {!nodes.available ? (
        <p className="rounded-lg border border-slate-200 p-3 text-sm text-slate-500 dark:border-slate-700">The nodes could not be read (see the problem above): their kubelet versions and skew are unknown.</p>
      ) : (
        <>
          <ul className="space-y-1 text-sm" data-testid="readiness-skew">
            {nodes.skew.map((k) => (
              <li key={k.targetVersion} className="flex flex-wrap items-center gap-2">
                <span className="text-slate-700 dark:text-slate-300">Kubelet skew after the upgrade to {k.targetVersion}:</span>
                {k.withinSkew
                  ? <Badge tone="success">within the supported skew</Badge>
                  : <Badge tone="danger">outside the supported skew</Badge>}
                <span className="text-xs text-slate-500 dark:text-slate-400">
                  kubelets may trail the control plane by {countOf(k.supportedMinorsBehind, 'minor')}{k.oldestKubelet && <>; the oldest here is {k.oldestKubelet}</>}
                  {k.outside.length > 0 && <>; outside: {k.outside.join(', ')}</>}
                </span>
              </li>
            ))}
          </ul>
          <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-700">
            {nodes.origins.length === 0 ? <p className="p-3 text-sm text-slate-500">The cluster has no nodes.</p> : (
              <table className={table}>
                <thead className={thead}>
                  <tr><th scope="col" className={th}>Origin</th><th scope="col" className={th}>Nodes</th><th scope="col" className={th}>Kubelet</th><th scope="col" className={th}>At the upgrade</th></tr>
                </thead>
                <tbody className="divide-y divide-slate-200 dark:divide-slate-700">
                  {nodes.origins.map((o) => {
                    const link = originLink(cluster, o)
                    return (
                      <tr key={`${o.kind}/${o.name ?? ''}`} className="align-top" data-testid="readiness-node-origin">
                        <td className={th}>
                          <div className="text-xs text-slate-500 dark:text-slate-400">{originWords[o.kind]}</div>
                          {o.name && (link
                            ? <Link className="font-medium text-sky-700 hover:underline dark:text-sky-400" to={link}>{o.name}</Link>
                            : <span className="font-medium">{o.name}</span>)}
                          {!o.name && link && <Link className="text-xs text-sky-700 hover:underline dark:text-sky-400" to={link}>its nodes</Link>}
                        </td>
                        <td className={th}>{o.nodes}</td>
                        <td className={`${th} font-mono text-xs`}>
                          {o.kubelets.map((k) => <div key={k.version} className="whitespace-nowrap">{k.version}{o.kubelets.length > 1 && <span className="text-slate-500"> ×{k.nodes}</span>}</div>)}
                        </td>
                        <td className={`${th} text-slate-700 dark:text-slate-300`}>{o.upgrade}</td>
                      </tr>
                    )
                  })}
                </tbody>
              </table>
            )}
          </div>
        </>
      )}
      {nodes.nodeClasses.length > 0 && (
        <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-700">
          <table className={table} aria-label="Karpenter EC2NodeClasses">
            <thead className={thead}>
              <tr><th scope="col" className={th}>EC2NodeClass</th><th scope="col" className={th}>NodePools</th><th scope="col" className={th}>AMI selection</th><th scope="col" className={th}>After the control plane upgrade</th></tr>
            </thead>
            <tbody className="divide-y divide-slate-200 dark:divide-slate-700">
              {nodes.nodeClasses.map((c) => (
                <tr key={c.name} className="align-top" data-testid="readiness-nodeclass">
                  <td className={`${th} font-medium`}>{c.name}</td>
                  <td className={th}>{c.nodePools.length === 0 ? <span className="text-slate-500">none</span> : c.nodePools.join(', ')}</td>
                  <td className={`${th} font-mono text-xs`}>{c.amiSelectorTerms.map((t) => <div key={t} className="whitespace-nowrap">{t}</div>)}</td>
                  <td className={`${th} space-y-1`}>
                    {c.followsLatest ? <Badge tone="success">replaced through drift</Badge> : <Badge tone="warning">AMI pinned</Badge>}
                    <p className="text-xs text-slate-600 dark:text-slate-400">{c.note}</p>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

function AddonFreshness({ cluster, data }: { cluster: string; data: Readiness }) {
  const addons = data.addons?.addons ?? []
  return (
    <Section title="Add-on freshness">
      {addons.length === 0 ? <p className="p-3 text-sm text-slate-500">No EKS add-ons installed (or they could not be read).</p> : (
        <table className={table}>
          <thead className={thead}>
            <tr><th scope="col" className={th}>Add-on</th><th scope="col" className={th}>Installed</th><th scope="col" className={th}>Latest for {data.kubernetesVersion}</th><th scope="col" className={th}>{data.nextVersion}</th></tr>
          </thead>
          <tbody className="divide-y divide-slate-200 dark:divide-slate-700">
            {addons.map((a) => (
              <tr key={a.name}>
                <td className={th}><Link className="text-sky-700 hover:underline dark:text-sky-400" to={`/clusters/${encodeURIComponent(cluster)}/addons`}>{a.name}</Link></td>
                <td className={`${th} font-mono text-xs`}>{a.version}</td>
                <td className={`${th} font-mono text-xs`}>{a.freshness?.latestForCurrent ?? '—'}</td>
                <td className={th}>
                  {a.freshness?.blocksNextMinor ? <Badge tone="danger">blocks {data.nextVersion}</Badge>
                    : a.freshness?.compatibleWithNext ? <Badge tone="success">compatible</Badge>
                      : a.freshness == null ? <span className="text-xs text-slate-500" title="its published versions could not be read (see the problems above)">unknown</span>
                        : <span className="text-xs text-slate-500">not published yet</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  )
}
