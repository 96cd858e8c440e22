/**
 * `/clusters/:cluster/access?finding=&namespace=`: who may sign in to the EKS cluster and as whom
 * (access entries and aws-auth reconciled per IAM principal, with the migration chip), which IAM
 * role each ServiceAccount's pods get (IRSA / Pod Identity), and the findings with their fixes.
 */
import { isFinalError } from '../../api/client'
import { Link, useParams } from 'react-router'
import { RefreshCw, ShieldCheck } from 'lucide-react'
import { Badge, Breakable, Button, EmptyState, ErrorState, PageHeader, Select, SkeletonRows, cx, focusRing, type Tone } from '../../ui'
import { param, useSearchState } from '../../lib/searchState'
import { useDocumentTitle } from '../../lib/useDocumentTitle'
import { AwsLockedPane } from '../aws/AwsLockedPane'
import { formatClock } from '../../lib/time'
import { useAwsCapabilities } from '../aws/hooks'
import { useClusterAccess, useRefreshClusterAccess, type ClusterAccess, type Finding, type FindingType, type Mapped, type PrincipalRow } from './api'
import { NotEksCluster, isNotEksCluster } from '../eks/NotEksCluster'

export const FINDING_TYPES: Record<FindingType, { label: string; tone: Tone }> = {
  DUAL_SOURCE_CONFLICT: { label: 'Dual-source ServiceAccount', tone: 'danger' },
  ORPHAN_POD_IDENTITY: { label: 'Orphan Pod Identity', tone: 'warning' },
  STALE_IRSA: { label: 'Stale IRSA annotation', tone: 'warning' },
  BROAD_OIDC_TRUST: { label: 'Broad OIDC trust', tone: 'danger' },
  DEFAULT_SA_WITH_ROLE: { label: 'Default ServiceAccount with a role', tone: 'warning' },
  SYSTEM_MASTERS: { label: 'system:masters', tone: 'danger' },
  INERT_SYSTEM_MASTERS: { label: 'system:masters, not in force', tone: 'warning' },
  AWS_AUTH_WILDCARD: { label: 'aws-auth wildcard', tone: 'warning' },
  AWS_AUTH_DUPLICATE: { label: 'aws-auth duplicate', tone: 'warning' },
}

const MAPPED: Record<Mapped, { label: string; tone: Tone }> = {
  ENTRY_ONLY: { label: 'Access entry', tone: 'success' },
  AWS_AUTH_ONLY: { label: 'aws-auth only', tone: 'warning' },
  BOTH: { label: 'Both', tone: 'info' },
}

const spec = { finding: param.string(), namespace: param.string() }
const link = cx('text-sky-700 hover:underline dark:text-sky-300', focusRing)
const th = 'px-3 py-2'

/** The ServiceAccount's detail pane (optionally on its AWS Access tab). */
export function serviceAccountHref(cluster: string, namespace: string, name: string, tab?: 'aws') {
  const q = new URLSearchParams({ ns: namespace, sel: `${namespace}/${name}`, ...(tab ? { tab } : {}) })
  return `/clusters/${encodeURIComponent(cluster)}/r/core/v1/serviceaccounts?${q}`
}

export function ClusterAccessPage() {
  useDocumentTitle('Cluster access')
  const cluster = useParams().cluster ?? ''
  const [s, set] = useSearchState(spec)
  const caps = useAwsCapabilities(cluster)
  const locked = caps.data?.available === false
  const access = useClusterAccess(cluster, caps.isSuccess ? !locked : caps.isError)
  const refresh = useRefreshClusterAccess(cluster)

  return (
    <>
      <PageHeader
        title="Cluster access"
        description={`Cluster ${cluster} · EKS access entries and aws-auth per IAM principal, the ServiceAccount → IAM role index, and what is wrong with them`}
        actions={access.data && (
          <>
            <MigrationChip data={access.data} />
            {/* A refused refresh is refused again: the button goes, the refusal and its grant to ask for stay. */}
            {!isFinalError(refresh.error) && (
              <Button size="sm" onClick={() => refresh.mutate()} disabled={refresh.isPending}
                title="Re-list ServiceAccounts and Pod Identity associations and read the IRSA roles from IAM again (audited)">
                <RefreshCw size={14} aria-hidden="true" className={refresh.isPending ? 'animate-spin' : undefined} />
                {refresh.isPending ? 'Refreshing…' : 'Refresh from AWS'}
              </Button>
            )}
          </>
        )}
      />
      {refresh.error && <div className="mb-4"><ErrorState error={refresh.error} title="Could not refresh from AWS" /></div>}
      {locked && caps.data ? (
        <AwsLockedPane capabilities={caps.data} />
      ) : isNotEksCluster(access.error) ? (
        <NotEksCluster cluster={cluster} what="EKS access entries or aws-auth to reconcile" />
      ) : access.error ? (
        <ErrorState error={access.error} title="Could not read the cluster's access" onRetry={() => void access.refetch()} />
      ) : access.isPending || caps.isPending ? (
        <SkeletonRows label="Loading cluster access" rows={5} rowHeight="h-10" />
      ) : (
        <Body cluster={cluster} data={access.data} finding={s.finding} namespace={s.namespace} onFilter={(next) => set({ ...s, ...next })} />
      )}
    </>
  )
}

/**
 * The header chip in the words of the table's "Mapped by" column (aws-auth only · Both · Access entry), and the
 * authentication mode. It said "3 dual", which read as the Dual-source ServiceAccount findings listed just below.
 */
function MigrationChip({ data }: { data: ClusterAccess }) {
  const m = data.migration
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="migration-chip" aria-label="Migration health">
      {data.awsAuth.read === 'FORBIDDEN' || data.awsAuth.read === 'UNREADABLE' ? (
        <Badge tone="warning" title={data.awsAuth.note}>aws-auth not readable · {m.entriesOnly} with access entries</Badge>
      ) : (
        <Badge tone={m.awsAuthOnly > 0 ? 'warning' : 'neutral'} title="principals mapped only by kube-system/aws-auth · by both · only by access entries">
          {m.awsAuthOnly} aws-auth only · {m.dual} in both · {m.entriesOnly} access entry only
        </Badge>
      )}
      <Badge tone="info" title="DescribeCluster accessConfig.authenticationMode">{data.authenticationMode ?? 'mode unknown'}</Badge>
    </div>
  )
}

function Body({ cluster, data, finding, namespace, onFilter }: {
  cluster: string
  data: ClusterAccess
  finding: string
  namespace: string
  onFilter: (next: { finding?: string; namespace?: string }) => void
}) {
  const namespaces = [...new Set([...data.serviceAccounts.rows.map((r) => r.namespace), ...data.findings.map((f) => f.namespace).filter(Boolean)])].sort()
  const findings = data.findings.filter((f) => (!finding || f.type === finding) && (!namespace || f.namespace === namespace))
  const rows = data.serviceAccounts.rows.filter((r) => !namespace || r.namespace === namespace)
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-end gap-3" role="group" aria-label="Filters">
        <label className="flex flex-col gap-1 text-sm font-medium text-slate-700 dark:text-slate-300">
          Finding
          <Select value={finding} onChange={(e) => onFilter({ finding: e.target.value })} aria-label="Finding type">
            <option value="">All findings</option>
            {(Object.keys(FINDING_TYPES) as FindingType[]).map((t) => <option key={t} value={t}>{FINDING_TYPES[t].label}</option>)}
          </Select>
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium text-slate-700 dark:text-slate-300">
          Namespace
          <Select value={namespace} onChange={(e) => onFilter({ namespace: e.target.value })} aria-label="Namespace">
            <option value="">All namespaces</option>
            {namespaces.map((n) => <option key={n} value={n}>{n}</option>)}
          </Select>
        </label>
        <p className="text-xs text-slate-500 dark:text-slate-400" title={data.readAt}>Read at {formatClock(data.readAt)}</p>
      </div>
      {data.problems.length > 0 && (
        <section aria-label="Problems" className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-200">
          <h2 className="font-medium">Some of the page could not be read</h2>
          <ul className="mt-1 list-disc space-y-0.5 pl-5 text-xs">{data.problems.map((p) => <li key={p}>{p}</li>)}</ul>
        </section>
      )}
      <Findings cluster={cluster} findings={findings} total={data.findings.length} />
      <Principals data={data} />
      <ServiceAccounts cluster={cluster} data={data} rows={rows} namespace={namespace} />
    </div>
  )
}

function Section({ title, label, children, aside }: { title: string; label: string; children: React.ReactNode; aside?: React.ReactNode }) {
  return (
    <section aria-label={label} className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="text-base font-semibold text-slate-900 dark:text-slate-100">{title}</h2>
        {aside}
      </div>
      {children}
    </section>
  )
}

function Findings({ cluster, findings, total }: { cluster: string; findings: Finding[]; total: number }) {
  return (
    <Section title="Findings" label="Findings" aside={<Badge tone={total > 0 ? 'warning' : 'success'}>{findings.length} of {total}</Badge>}>
      {findings.length === 0 ? (
        <EmptyState title={total === 0 ? 'No findings' : 'No finding matches the filters'} icon={<ShieldCheck size={28} />}>
          {total === 0 ? 'Nothing wrong found in the access entries, aws-auth or the ServiceAccounts’ roles you may see.' : 'Clear a filter to see the others.'}
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 dark:divide-slate-700 dark:border-slate-700">
          {findings.map((f) => (
            <li key={`${f.type}|${f.namespace}|${f.serviceAccount}|${f.arn}|${f.message}`} className="space-y-1 px-3 py-2 text-sm" data-testid="access-finding">
              <div className="flex flex-wrap items-center gap-2">
                <Badge tone={FINDING_TYPES[f.type].tone}>{FINDING_TYPES[f.type].label}</Badge>
                {f.serviceAccount && f.type === 'ORPHAN_POD_IDENTITY' && (
                  <span className="font-mono text-xs text-slate-600 dark:text-slate-400" title="This ServiceAccount does not exist">{f.namespace}/{f.serviceAccount}</span>
                )}
                {f.serviceAccount && f.type !== 'ORPHAN_POD_IDENTITY' && (
                  <>
                    <Link className={cx(link, 'font-mono text-xs')} to={serviceAccountHref(cluster, f.namespace, f.serviceAccount)}>
                      {f.namespace}/{f.serviceAccount}
                    </Link>
                    <Link className={cx(link, 'text-xs')} to={serviceAccountHref(cluster, f.namespace, f.serviceAccount, 'aws')}>AWS Access</Link>
                  </>
                )}
              </div>
              <p className="break-words text-slate-800 dark:text-slate-200">{f.message}</p>
              <p className="text-xs text-slate-600 dark:text-slate-400"><span className="font-medium">Fix:</span> {f.fix}</p>
            </li>
          ))}
        </ul>
      )}
    </Section>
  )
}

function Principals({ data }: { data: ClusterAccess }) {
  const a = data.awsAuth
  return (
    <Section title="IAM principals" label="IAM principals"
      aside={a.read !== 'READ' && <Badge tone={a.read === 'ABSENT' ? 'neutral' : 'warning'} title={a.note}>{a.read === 'ABSENT' ? 'no aws-auth' : 'aws-auth not readable'}</Badge>}>
      <ModeNote data={data} />
      {a.note && <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="aws-auth-note">{a.note}</p>}
      {a.warnings.length > 0 && (
        <section aria-label="aws-auth warnings" className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-200">
          <h3 className="font-medium">kube-system/aws-auth has problems</h3>
          <ul className="mt-1 list-disc space-y-0.5 pl-5 text-xs">{a.warnings.map((w) => <li key={w}>{w}</li>)}</ul>
        </section>
      )}
      {a.accounts.length > 0 && (
        <p className="text-sm text-slate-600 dark:text-slate-400">mapAccounts: every IAM principal of {a.accounts.map((x) => <code key={x} className="mr-1 font-mono">{x}</code>)} may sign in (as its ARN).</p>
      )}
      {data.principals.length === 0 ? (
        <EmptyState title="No IAM principal is mapped">Neither access entries nor aws-auth map a principal you may see.</EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-700">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">IAM principals and where they are mapped</caption>
            <thead className="bg-slate-50 text-xs text-slate-600 uppercase dark:bg-slate-800/60 dark:text-slate-400">
              <tr><th scope="col" className={th}>Principal</th><th scope="col" className={th}>Mapped by</th><th scope="col" className={th}>Username</th>
                <th scope="col" className={th}>Groups</th><th scope="col" className={th}>Access policies</th></tr>
            </thead>
            <tbody className="divide-y divide-slate-200 dark:divide-slate-700">
              {data.principals.map((p) => <PrincipalLine key={p.principalArn} p={p} />)}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  )
}

/** What the authentication mode means for the rows: in API mode EKS ignores aws-auth, in CONFIG_MAP mode the entries. */
function ModeNote({ data }: { data: ClusterAccess }) {
  const m = data.migration
  if (data.authenticationMode === 'API' && m.awsAuthOnly > 0) {
    return <p role="note" className="text-sm text-amber-800 dark:text-amber-300">Authentication mode API: EKS ignores aws-auth, so the {m.awsAuthOnly} aws-auth only principal{m.awsAuthOnly === 1 ? '' : 's'} cannot sign in.</p>
  }
  if (data.authenticationMode === 'CONFIG_MAP' && m.entriesOnly > 0) {
    return <p role="note" className="text-sm text-amber-800 dark:text-amber-300">Authentication mode CONFIG_MAP: EKS ignores access entries, so the {m.entriesOnly} access entry only principal{m.entriesOnly === 1 ? '' : 's'} cannot sign in.</p>
  }
  if (data.authenticationMode === 'API_AND_CONFIG_MAP' && m.dual > 0) {
    return <p role="note" className="text-sm text-slate-600 dark:text-slate-400">Authentication mode API_AND_CONFIG_MAP: for a principal in both, EKS uses its access entry.</p>
  }
  return null
}

/**
 * A principal's ARN as its name over its account: `role/prod-ledger-worker` (what tells the rows apart) in the
 * text's size, the account below it smaller and muted. Between 1024 and 1279 px the column gets ~6rem, and the
 * ARN broken after every colon and slash took one line per part (four or five); there the account line is the id
 * alone and the name may take two lines (three in all). A width floor for the name (10rem) pushed the access
 * policies past the table's edge at 1024 px: the Username column's least width ({{EC2PrivateDNSName}}) leaves no
 * room. From xl, where the column keeps 13rem, `arn:aws:iam::<account>:` whole: two lines.
 * The full ARN is the title, and what a screen reader reads. Not an IAM ARN: the text as it is, breakable.
 */
function PrincipalArn({ arn }: { arn: string }) {
  const m = /^(arn:[^:]+:iam::)(\d+:)(.+)$/.exec(arn)
  if (!m) return <span className="block font-mono text-xs break-words" data-testid="principal-arn"><Breakable text={arn} /></span>
  return (
    <span className="block xl:min-w-52" data-testid="principal-arn" title={arn}>
      <span className="sr-only">{arn}</span>
      <span aria-hidden="true" className="flex flex-col font-mono break-words">
        <span className="text-xs font-medium text-slate-900 dark:text-slate-100" data-testid="principal-name"><Breakable text={m[3]} /></span>
        <span className="text-[11px] text-slate-500 dark:text-slate-400" data-testid="principal-account"><span className="max-xl:hidden">{m[1]}</span>{m[2]}</span>
      </span>
    </span>
  )
}

function PrincipalLine({ p }: { p: PrincipalRow }) {
  return (
    <tr className="align-top" data-testid="access-principal">
      <td className="px-3 py-2">
        <PrincipalArn arn={p.principalArn} />
        {p.entry?.type && <div className="mt-1"><Badge tone="neutral">{p.entry.type}</Badge></div>}
        {p.problems.map((x) => <p key={x} className="mt-1 text-xs text-amber-800 dark:text-amber-300">{x}</p>)}
      </td>
      <td className="px-3 py-2">
        <div className="flex flex-wrap gap-1">
          <Badge tone={MAPPED[p.mapped].tone}>{MAPPED[p.mapped].label}</Badge>
          {p.agree === true && <Badge tone="success">agree</Badge>}
          {p.agree === false && <Badge tone="danger">differ</Badge>}
        </div>
        {p.awsAuth && <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">aws-auth {p.awsAuth.key} line {p.awsAuth.line}</p>}
        {p.differences.map((d) => <p key={d} className="mt-1 text-xs text-red-700 dark:text-red-300">{d}</p>)}
      </td>
      <td className="px-3 py-2 font-mono text-xs break-words">{p.username ? <Breakable text={p.username} /> : <span className="text-slate-400">(ARN)</span>}</td>
      <td className="px-3 py-2">
        <div className="flex flex-wrap gap-1">
          {p.groups.map((g) => <Badge key={g} tone={g === 'system:masters' ? 'danger' : 'neutral'}>{g}</Badge>)}
        </div>
      </td>
      <td className="px-3 py-2 text-xs">
        <ul className="space-y-0.5">
          {p.policies.map((x) => (
            <li key={x.policyArn + x.scope}>
              <span className="font-mono">{x.policyArn.slice(x.policyArn.lastIndexOf('/') + 1)}</span>{' '}
              <span className="text-slate-500 dark:text-slate-400">{x.scope === 'namespace' ? `in ${x.namespaces.join(', ')}` : 'cluster-wide'}</span>
            </li>
          ))}
        </ul>
      </td>
    </tr>
  )
}

function ServiceAccounts({ cluster, data, rows, namespace }: { cluster: string; data: ClusterAccess; rows: ClusterAccess['serviceAccounts']['rows']; namespace: string }) {
  const byRole = data.podIdentityByRole
    .map((r) => ({ ...r, associations: r.associations.filter((a) => !namespace || a.namespace === namespace) }))
    .filter((r) => r.associations.length > 0)
  return (
    <>
      <Section title="ServiceAccount → IAM role" label="ServiceAccount to IAM role">
        {data.serviceAccounts.note && <p className="text-sm text-slate-600 dark:text-slate-400">{data.serviceAccounts.note}</p>}
        {rows.length === 0 ? (
          data.serviceAccounts.listed && <EmptyState title="No ServiceAccount with an IAM role">No ServiceAccount{namespace ? ` in ${namespace}` : ''} has an IRSA annotation or a Pod Identity association.</EmptyState>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-700">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">ServiceAccounts with an IAM role</caption>
              <thead className="bg-slate-50 text-xs text-slate-600 uppercase dark:bg-slate-800/60 dark:text-slate-400">
                <tr><th scope="col" className={th}>ServiceAccount</th><th scope="col" className={th}>Role</th><th scope="col" className={th}>Source</th>
                  <th scope="col" className={th}>Pods</th></tr>
              </thead>
              <tbody className="divide-y divide-slate-200 dark:divide-slate-700">
                {rows.map((r) => (
                  <tr key={`${r.namespace}/${r.name}`} className="align-top" data-testid="access-serviceaccount">
                    <td className="px-3 py-2">
                      <Link className={link} to={serviceAccountHref(cluster, r.namespace, r.name)}>
                        <span className="text-slate-500 dark:text-slate-400">{r.namespace}/</span><span className="font-mono">{r.name}</span>
                      </Link>
                      <div><Link className={cx(link, 'text-xs')} to={serviceAccountHref(cluster, r.namespace, r.name, 'aws')}>AWS Access</Link></div>
                    </td>
                    <td className="px-3 py-2 text-xs">
                      {r.irsaRoleArn && <div><span className="font-mono break-words"><Breakable text={r.irsaRoleArn} /></span> <span className="whitespace-nowrap text-slate-500">(IRSA)</span></div>}
                      {r.podIdentityRoleArns.map((x) => (
                        <div key={x}><span className="font-mono break-words"><Breakable text={x} /></span> <span className="whitespace-nowrap text-slate-500">(Pod Identity)</span></div>
                      ))}
                    </td>
                    <td className="px-3 py-2">
                      <Badge tone={r.source === 'BOTH' ? 'warning' : 'neutral'}>{r.source === 'BOTH' ? 'IRSA + Pod Identity' : r.source === 'IRSA' ? 'IRSA' : 'Pod Identity'}</Badge>
                    </td>
                    <td className="px-3 py-2 text-xs">
                      {!data.serviceAccounts.podsListed ? <span className="text-slate-400">unknown</span>
                        : r.pods.length === 0 ? <span className="text-slate-400">none</span>
                          : <span className="font-mono">{r.pods.slice(0, 5).join(', ')}{r.pods.length > 5 ? ` and ${r.pods.length - 5} more` : ''}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      {byRole.length > 0 && (
        <Section title="Pod Identity by role" label="Pod Identity by role">
          <ul className="space-y-2 text-sm">
            {byRole.map((r) => (
              <li key={r.roleArn} className="rounded-lg border border-slate-200 px-3 py-2 dark:border-slate-700" data-testid="pod-identity-role">
                <span className="font-mono text-xs break-words"><Breakable text={r.roleArn} /></span>
                <ul className="mt-1 flex flex-wrap gap-2">
                  {r.associations.map((a) => (
                    <li key={`${a.namespace}/${a.serviceAccount}`}>
                      {a.serviceAccountExists
                        ? <Link className={cx(link, 'font-mono text-xs')} to={serviceAccountHref(cluster, a.namespace, a.serviceAccount)}>{a.namespace}/{a.serviceAccount}</Link>
                        : <Badge tone="warning" title="The ServiceAccount (or its namespace) does not exist">{a.namespace}/{a.serviceAccount} missing</Badge>}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </Section>
      )}
    </>
  )
}
