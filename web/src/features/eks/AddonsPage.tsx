/**
 * `/clusters/:cluster/addons[?tab=catalog]`: the EKS add-ons installed on the cluster (version,
 * status, health, configuration, IAM role, freshness against this and the next Kubernetes minor,
 * update history) and the catalog of every add-on published for the cluster's version. Install,
 * update and delete open the editor; who may submit is decided by the server (`canWrite`).
 */
import { useRef, useState } from 'react'
import { useParams } from 'react-router'
import { Badge, Breakable, Button, ErrorState, PageHeader, Select, Skeleton, SkeletonRows, Tabs, type Tone } from '../../ui'
import { param, useSearchState } from '../../lib/searchState'
import { useDocumentTitle } from '../../lib/useDocumentTitle'
import type { AddonsPage as Page, InstalledAddon, Op, PublishedAddon } from './api'
import { AddonEditor } from './AddonEditor'
import { useAddons, useCatalog, useHistory } from './hooks'
import { NotEksCluster, isNotEksCluster } from './NotEksCluster'

const TABS = ['installed', 'catalog'] as const
const spec = { tab: param.string(), type: param.string(), publisher: param.string() }

export const statusTone: Record<string, Tone> = {
  ACTIVE: 'success', CREATING: 'info', UPDATING: 'info', DELETING: 'info', DEGRADED: 'warning',
  CREATE_FAILED: 'danger', UPDATE_FAILED: 'danger', DELETE_FAILED: 'danger',
}

/** What the editor is open for. */
export interface Editing { op: Op; name: string; version?: string }

export function AddonsPage() {
  useDocumentTitle('Add-ons')
  const cluster = useParams().cluster ?? ''
  const [s, set] = useSearchState(spec)
  const tab = (TABS as readonly string[]).includes(s.tab) ? (s.tab as (typeof TABS)[number]) : 'installed'
  const addons = useAddons(cluster)
  const [editing, setEditing] = useState<Editing | null>(null)
  // The button that opened the editor gets the focus back when it closes (Close or Escape).
  const opener = useRef<HTMLElement | null>(null)
  const edit = (e: Editing) => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null
    setEditing(e)
  }
  const close = () => {
    setEditing(null)
    opener.current?.focus()
  }
  const page = addons.data
  return (
    <>
      <PageHeader
        title="Add-ons"
        description={page ? `Cluster ${cluster} · EKS add-ons on Kubernetes ${page.kubernetesVersion} · ${page.writeRule}` : `Cluster ${cluster}`}
      />
      {isNotEksCluster(addons.error) ? (
        <NotEksCluster cluster={cluster} what="EKS add-ons" />
      ) : addons.error ? (
        <ErrorState error={addons.error} title="Could not read the add-ons" onRetry={() => void addons.refetch()} />
      ) : !page ? (
        <SkeletonRows label="Loading" rows={4} rowHeight="h-10" />
      ) : (
        <>
          {editing && <AddonEditor cluster={cluster} page={page} editing={editing} onClose={close} />}
          <Tabs label="Add-ons" tabs={TABS} current={tab} onSelect={(t) => set({ tab: t === 'installed' ? '' : t })}
            title={(t) => (t === 'installed' ? `Installed (${page.addons.length})` : 'Catalog')} panelClassName="pt-4">
            {tab === 'installed'
              ? <Installed cluster={cluster} page={page} onEdit={edit} />
              : <Catalog cluster={cluster} page={page} type={s.type} publisher={s.publisher} onFilter={(f) => set(f)} onEdit={edit} />}
          </Tabs>
        </>
      )}
    </>
  )
}

const th = 'px-3 py-2'

function Installed({ cluster, page, onEdit }: { cluster: string; page: Page; onEdit: (e: Editing) => void }) {
  const [open, setOpen] = useState<string | null>(null)
  return (
    <div className="space-y-3">
      {page.problems.length > 0 && (
        <ul aria-label="Problems" className="list-disc rounded-md border border-amber-300 bg-amber-50 p-3 pl-8 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
          {page.problems.map((p) => <li key={p}>{p}</li>)}
        </ul>
      )}
      <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-700">
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-50 text-xs text-slate-600 uppercase dark:bg-slate-800/60 dark:text-slate-400">
            <tr>
              <th scope="col" className={th}>Add-on</th><th scope="col" className={th}>Version</th><th scope="col" className={th}>Status</th>
              <th scope="col" className={th}>Freshness</th><th scope="col" className={th}>IAM</th><th scope="col" className={th}><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200 dark:divide-slate-700">
            {page.addons.map((a) => (
              <AddonRow key={a.name} cluster={cluster} page={page} addon={a} open={open === a.name}
                onToggle={() => setOpen(open === a.name ? null : a.name)} onEdit={onEdit} />
            ))}
          </tbody>
        </table>
      </div>
      {page.addons.length === 0 && <p className="text-sm text-slate-500">No EKS add-ons are installed. Install one from the catalog.</p>}
    </div>
  )
}

function AddonRow({ cluster, page, addon: a, open, onToggle, onEdit }: {
  cluster: string; page: Page; addon: InstalledAddon; open: boolean; onToggle: () => void; onEdit: (e: Editing) => void
}) {
  const f = a.freshness
  const busy = ['CREATING', 'UPDATING', 'DELETING'].includes(a.status)
  return (
    <>
      <tr className="align-top" data-testid="addon-row" data-addon={a.name}>
        <td className={th}>
          <button type="button" onClick={onToggle} aria-expanded={open} className="text-left font-medium text-sky-700 hover:underline dark:text-sky-400">{a.name}</button>
          {a.publisher && a.publisher !== 'eks' && <div className="text-xs text-slate-500">{a.publisher}</div>}
        </td>
        <td className={`${th} font-mono text-xs whitespace-nowrap`} data-testid="addon-version">{a.version}</td>
        <td className={th}>
          <Badge tone={statusTone[a.status] ?? 'neutral'}><span data-testid="addon-status">{a.status}</span></Badge>
          {a.health.map((h) => <div key={h.code} className="mt-1 text-xs text-amber-800 dark:text-amber-300" title={h.resourceIds.join(', ')}>{h.code}: {h.message}</div>)}
        </td>
        <td className={`${th} space-x-1`}>
          {f ? (
            <>
              {f.behind > 0 ? <Badge tone="info" title={`latest ${f.latestForCurrent}`}>{f.behind} newer</Badge> : <Badge tone="success">latest</Badge>}
              {f.blocksNextMinor && <Badge tone="danger" title={`${f.minimumForNext} or later is compatible with ${f.nextMinor}`}>blocks {f.nextMinor}</Badge>}
            </>
          ) : <span className="text-xs text-slate-500">unknown</span>}
        </td>
        <td className={`${th} text-xs`}>
          {/* The role's name, at least 13 characters wide: at 1024 px the table gave the column its least width and
              prod-vpc-cni took three lines, one per hyphen. A longer name still wraps, at its hyphens or path's slash. */}
          {a.serviceAccountRoleArn ? <span className="block min-w-[13ch] font-mono break-words" title={`IRSA role ${a.serviceAccountRoleArn}`} data-testid="addon-iam-role">
            <Breakable text={a.serviceAccountRoleArn.replace(/^arn:aws[a-z-]*:iam::\d+:role\//, '')} /></span>
            : a.podIdentityAssociations.length > 0 ? `Pod Identity (${a.podIdentityAssociations.length})` : '—'}
        </td>
        <td className={th}>
          {/* The two buttons may stack: side by side they needed 190 px, and at 1024 px the table ran past its frame
              (Delete… cut off) as soon as the IAM column kept room for a role name. */}
          <div className="flex flex-wrap justify-end gap-1" data-testid="addon-actions">
            <Button size="sm" disabled={!page.canWrite || busy} title={page.canWrite ? undefined : page.writeRule}
              onClick={() => onEdit({ op: 'update', name: a.name, version: f?.blocksNextMinor ? (f.minimumForNext ?? undefined) : (f?.latestForCurrent ?? undefined) })}>
              Update…
            </Button>
            <Button size="sm" variant="ghost" disabled={!page.canWrite || busy} title={page.canWrite ? undefined : page.writeRule}
              onClick={() => onEdit({ op: 'delete', name: a.name })}>Delete…</Button>
          </div>
        </td>
      </tr>
      {open && (
        <tr><td colSpan={6} className="bg-slate-50 px-3 py-3 dark:bg-slate-900/50"><AddonDetails cluster={cluster} page={page} addon={a} onEdit={onEdit} /></td></tr>
      )}
    </>
  )
}

function AddonDetails({ cluster, page, addon: a, onEdit }: { cluster: string; page: Page; addon: InstalledAddon; onEdit: (e: Editing) => void }) {
  const history = useHistory(cluster, a.name)
  const catalog = useCatalog(cluster, { kubernetesVersion: page.kubernetesVersion })
  const newer = catalog.data?.find((p) => p.name === a.name)?.versions.filter((v) => v.version !== a.version && a.freshness
    && (a.freshness.latestForCurrent === v.version || v.clusterVersions.includes(page.kubernetesVersion))) ?? []
  return (
    <div className="grid gap-4 text-sm md:grid-cols-2">
      <div>
        <h3 className="mb-1 text-xs font-semibold text-slate-500 uppercase">Configuration values</h3>
        <pre className="max-h-48 overflow-auto rounded bg-white p-2 font-mono text-xs dark:bg-slate-950">{a.configurationValues ?? '(defaults)'}</pre>
        <h3 className="mt-3 mb-1 text-xs font-semibold text-slate-500 uppercase">IAM</h3>
        <div className="space-y-1 text-xs" data-testid="addon-iam">
          {a.serviceAccountRoleArn && <p>IRSA role <span className="font-mono break-words"><Breakable text={a.serviceAccountRoleArn} /></span></p>}
          {a.podIdentityAssociations.length > 0 && (
            <>
              <p>Pod Identity associations:</p>
              <ul className="list-disc pl-5">{a.podIdentityAssociations.map((arn) => <li key={arn} className="font-mono break-words"><Breakable text={arn} /></li>)}</ul>
            </>
          )}
          {!a.serviceAccountRoleArn && a.podIdentityAssociations.length === 0 && <p className="text-slate-500">No role of its own: the add-on runs with the node role.</p>}
        </div>
        {a.freshness && (
          <p className="mt-3 text-xs text-slate-600 dark:text-slate-400" data-testid="addon-window">
            {a.version}: {a.freshness.compatibleWithCurrent ? 'published' : 'not published'} for {a.freshness.currentMinor},{' '}
            {a.freshness.compatibleWithNext ? 'published' : 'not published'} for {a.freshness.nextMinor}
            {a.freshness.minimumForNext && !a.freshness.compatibleWithNext && <> (from {a.freshness.minimumForNext})</>}
            {a.freshness.latestForNext && <>; latest for {a.freshness.nextMinor}: {a.freshness.latestForNext}</>}
          </p>
        )}
        <h3 className="mt-3 mb-1 text-xs font-semibold text-slate-500 uppercase">Published for {page.kubernetesVersion}</h3>
        <ul className="space-y-1">
          {newer.slice(0, 6).map((v) => (
            <li key={v.version} className="flex items-center gap-2">
              <span className="font-mono text-xs">{v.version}</span>
              {!v.clusterVersions.includes(page.nextVersion) && <Badge tone="warning">not for {page.nextVersion}</Badge>}
              <Button size="sm" variant="ghost" disabled={!page.canWrite} title={page.canWrite ? undefined : page.writeRule}
                onClick={() => onEdit({ op: 'update', name: a.name, version: v.version })}>Upgrade to</Button>
            </li>
          ))}
          {catalog.isSuccess && newer.length === 0 && <li className="text-xs text-slate-500">No other version is published.</li>}
        </ul>
      </div>
      <div>
        <h3 className="mb-1 text-xs font-semibold text-slate-500 uppercase">Update history</h3>
        {history.error ? <ErrorState error={history.error} title="Could not read the history" /> : (
          <ul className="space-y-2" data-testid="addon-history">
            {(history.data ?? []).map((u) => (
              <li key={u.id} className="rounded border border-slate-200 p-2 dark:border-slate-700">
                <div className="flex items-center gap-2">
                  <Badge tone={u.status === 'Successful' ? 'success' : u.status === 'InProgress' ? 'info' : 'danger'}>{u.status}</Badge>
                  <span className="font-mono text-xs">{u.params.AddonVersion ?? u.type}</span>
                  <span className="text-xs text-slate-500">{u.createdAt ? new Date(u.createdAt).toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : ''}</span>
                  {u.params.AddonVersion && u.params.AddonVersion !== a.version && (
                    <Button size="sm" variant="ghost" disabled={!page.canWrite} onClick={() => onEdit({ op: 'update', name: a.name, version: u.params.AddonVersion })}>
                      Upgrade to
                    </Button>
                  )}
                </div>
                {u.errors.map((e) => <p key={e.code + e.message} className="mt-1 text-xs text-red-700 dark:text-red-300">{e.code}: {e.message}</p>)}
              </li>
            ))}
            {history.isSuccess && history.data.length === 0 && <li className="text-xs text-slate-500">No updates yet.</li>}
          </ul>
        )}
      </div>
    </div>
  )
}

function Catalog({ cluster, page, type, publisher, onFilter, onEdit }: {
  cluster: string; page: Page; type: string; publisher: string; onFilter: (f: { type?: string; publisher?: string }) => void; onEdit: (e: Editing) => void
}) {
  const all = useCatalog(cluster, { kubernetesVersion: page.kubernetesVersion })
  const shown = useCatalog(cluster, { kubernetesVersion: page.kubernetesVersion, type, publisher }, !!(type || publisher))
  const list: PublishedAddon[] | undefined = type || publisher ? shown.data : all.data
  const types = [...new Set((all.data ?? []).map((a) => a.type).filter((t): t is string => !!t))].sort()
  const publishers = [...new Set((all.data ?? []).map((a) => a.publisher).filter((p): p is string => !!p))].sort()
  const installed = new Set(page.addons.map((a) => a.name))
  const error = all.error ?? shown.error
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-3" role="group" aria-label="Filters">
        <label className="flex items-center gap-2 text-sm">Type
          <Select value={type} onChange={(e) => onFilter({ type: e.target.value })} aria-label="Type">
            <option value="">any</option>{types.map((t) => <option key={t} value={t}>{t}</option>)}
          </Select>
        </label>
        <label className="flex items-center gap-2 text-sm">Publisher
          <Select value={publisher} onChange={(e) => onFilter({ publisher: e.target.value })} aria-label="Publisher">
            <option value="">any</option>{publishers.map((p) => <option key={p} value={p}>{p}</option>)}
          </Select>
        </label>
      </div>
      {error ? <ErrorState error={error} title="Could not read the catalog" /> : !list ? <Skeleton className="h-32 w-full" /> : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-700">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-50 text-xs text-slate-600 uppercase dark:bg-slate-800/60 dark:text-slate-400">
              <tr><th scope="col" className={th}>Add-on</th><th scope="col" className={th}>Type</th><th scope="col" className={th}>Publisher</th>
                <th scope="col" className={th}>Latest for {page.kubernetesVersion}</th><th scope="col" className={th}>Default</th><th scope="col" className={th}><span className="sr-only">Actions</span></th></tr>
            </thead>
            <tbody className="divide-y divide-slate-200 dark:divide-slate-700">
              {list.map((a) => {
                const latest = a.versions[0]
                const def = a.versions.find((v) => v.defaultFor.includes(page.kubernetesVersion))
                return (
                  <tr key={a.name} data-testid="catalog-row">
                    <td className={`${th} font-medium`}>{a.name}</td>
                    <td className={th}>{a.type}</td>
                    <td className={th}>{a.publisher}</td>
                    {/* A version is one token: at 1024 px 'v1.19.2-eksbuild.1' broke at its hyphen. */}
                    <td className={`${th} font-mono text-xs whitespace-nowrap`} data-testid="catalog-latest">{latest?.version}</td>
                    <td className={`${th} font-mono text-xs whitespace-nowrap`}>{def?.version ?? '—'}</td>
                    <td className={`${th} text-right`}>
                      {installed.has(a.name) ? <Badge>installed</Badge> : (
                        <Button size="sm" disabled={!page.canWrite} title={page.canWrite ? undefined : page.writeRule}
                          onClick={() => onEdit({ op: 'install', name: a.name, version: def?.version ?? latest?.version })}>Install…</Button>
                      )}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}
