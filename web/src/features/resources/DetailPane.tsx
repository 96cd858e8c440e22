import { lazy, Suspense, useEffect, useRef, useState } from 'react'
import { Link } from 'react-router'
import { SearchX, X } from 'lucide-react'
import { Badge, Button, EmptyState, ErrorState, Spinner, Tabs, cx, focusRing } from '../../ui'
import { AGE_REFRESH_MS, useNow } from '../../lib/useNow'
import { ObjectAuditTab } from '../audit/ObjectAuditTab'
import { AwsAccessTab } from '../aws/AwsAccessTab'
import { hasAwsIdentity } from '../aws/api'
import { hasInspector } from '../inspector/api'
import { SecurityTab } from '../inspector/SecurityTab'
import { LogsTab } from '../pods/LogsTab'
import { PortForwardTab } from '../pods/PortForwardTab'
import { hasWorkloadLogs } from '../pods/workloadLogs'
import { WorkloadLogsTab } from '../pods/WorkloadLogsTab'
import { RbacDetails } from '../rbac/RbacDetails'
import type { ActionName, KindRef, KubeEvent, KubeObject, RelatedRef } from './api'
import { builtInObjectRoute, objectRoute } from './groups'
import { CompareTab } from './CompareTab'
import { NamespaceCompareTab } from './NamespaceCompareTab'
import { useCanI, useDiscovery, useObject, useObjectEvents, useOtherClusters, useRelated, useRememberObject } from './hooks'
import { formatAge, newerCopy } from './listModel'
import { accessCheck, ObjectActions, permission, type Permission } from './ObjectActions'
import { ObjectSummary } from './ObjectSummary'
import { RevisionsTab } from './RevisionsTab'
import { ApiError } from '../../api/client'
import { YamlTab } from './YamlTab'

const ACTION_VERB: Record<ActionName, string> = {
  apply: 'editing',
  delete: 'deleting',
  scale: 'scaling',
  restart: 'restarting',
  trigger: 'triggering',
  reveal: 'revealing',
  evict: 'evicting',
  cordon: 'cordoning',
  rollback: 'rolling back',
  pause: 'pausing',
  debug: 'adding debug containers to',
}

const ExecTab = lazy(() => import('../pods/ExecTab'))

/** Splits `?sel=ns/name` (or `name` for cluster-scoped objects). */
export function parseSelection(sel: string): { namespace: string | undefined; name: string } {
  const i = sel.indexOf('/')
  return i < 0 ? { namespace: undefined, name: sel } : { namespace: sel.slice(0, i), name: sel.slice(i + 1) }
}

/**
 * The right-hand panel for `?sel=`: Summary, YAML, Events, Related (+ Logs, Exec and port-forward for pods, the pods' merged Logs
 * for Deployments, StatefulSets, DaemonSets, ReplicaSets and Jobs, AWS for workloads with an identity, Security for the kinds
 * Amazon Inspector scans, Compare when the person sees other clusters).
 */
export function DetailPane({ kind, kindName, namespaced, selection, tab, onTab, onClose, object: listObject }: {
  kind: KindRef
  kindName: string
  namespaced: boolean
  selection: string
  tab: string
  onTab: (t: string) => void
  onClose: () => void
  object: KubeObject | undefined
}) {
  const { namespace, name } = parseSelection(selection)
  const ns = namespaced ? namespace : undefined
  // A Table row from the apiserver carries only PartialObjectMetadata: the pane then reads the object itself.
  const full = listObject && listObject.kind !== 'PartialObjectMetadata' ? listObject : undefined
  const fetched = useObject(kind, ns, name, !full)
  // Two copies of the object: the row's (a watch event's, whole) and the pane's own read. Show the newer (a stale
  // snapshot in the row never wins over a newer read or mutation answer), and keep the read's cache at least as new
  // as the row's, so when a list refetch turns the row back into PartialObjectMetadata the pane does not step back
  // to the object as it was before the last change (an Uncordon button that flips back to Cordon under the pointer).
  const object = newerCopy(fetched.data, full)
  const remember = useRememberObject(kind, ns, name)
  useEffect(() => {
    if (full) remember(full)
  }, [full, remember])
  // Its row leaving the list (the stream's DELETED: deleted elsewhere, by kubectl or a controller) is news the pane's
  // cache has not had: the copy the row gave it is fresh enough not to be read again, so read it now.
  const inList = listObject !== undefined
  const wasInList = useRef(inList)
  const { refetch } = fetched
  useEffect(() => {
    if (wasInList.current && !inList) void refetch()
    wasInList.current = inList
  }, [inList, refetch])
  // A link to an object that is gone (pods are replaced under new names), or one deleted while open: say so instead of
  // an apiserver error. The read's 404 is newer than any copy still cached (a read that fails keeps the data it had).
  const gone = !full && fetched.error instanceof ApiError && fetched.error.isNotFound
  const discovery = useDiscovery(kind.cluster)
  const actions = discovery.data?.kinds.find((k) => k.plural === kind.plural && (k.group || 'core') === kind.group)?.actions ?? []
  const isPod = kind.group === 'core' && kind.plural === 'pods'
  // Pods also ask whether the person may port-forward (the tab's button), after the actions' checks.
  const forwardCheck = { verb: 'create', group: '', resource: 'pods', subresource: 'portforward', namespace: ns, name }
  // A shell: create on pods/exec, or get before Kubernetes 1.30 (WebSocket exec was authorized as get until then).
  const execChecks = ['create', 'get'].map((verb) => ({ verb, group: '', resource: 'pods', subresource: 'exec', namespace: ns, name }))
  const canI = useCanI(kind.cluster, [...actions.map((a) => accessCheck(a, kind, ns, name)), ...(isPod ? [forwardCheck, ...execChecks] : [])])
  const perms: Partial<Record<ActionName, Permission>> = {}
  actions.forEach((action, i) => {
    perms[action] = permission(canI.data?.[i], canI.status, `${ACTION_VERB[action]} ${kind.plural}`)
  })
  const forwardPerm = permission(canI.data?.[actions.length], canI.status, 'port-forwarding to pods')
  const execByGet = canI.data?.[actions.length + 2]
  const execPerm = execByGet?.allowed ? execByGet : permission(canI.data?.[actions.length + 1], canI.status, 'a shell in pods')
  const workloadLogs = namespaced && hasWorkloadLogs(kind.group, kind.plural)
  const aws = namespaced && hasAwsIdentity(kind.group, kind.plural)
  const security = hasInspector(kind.group, kind.plural)
  const history = actions.includes('rollback')
  const otherClusters = useOtherClusters(kind.cluster)
  // What an SRE opens first on a failing pod comes first (logs, events, a shell): a narrow pane shows about six tabs.
  const tabs = ['summary', ...(isPod || workloadLogs ? ['logs'] : []), 'events', ...(isPod ? ['exec'] : []), 'yaml', 'related',
    ...(history ? ['history'] : []), ...(isPod ? ['forward'] : []), ...(otherClusters.length ? ['compare'] : []), 'audit',
    ...(aws ? ['aws'] : []), ...(security ? ['security'] : [])]
  const current = tabs.includes(tab) ? tab : 'summary'
  const goneState = (
    <EmptyState title={`This ${kindName} is not there`} icon={<SearchX size={32} />}>
      {ns ? `${name} is not in ${ns}` : `There is no ${name}`}: it was deleted, or the link names one that never existed.
      {kind.plural === 'pods' && ' Pods are replaced under new names: the list shows the current ones.'} Its events, if Kubernetes still keeps
      them, are under Events.
    </EmptyState>
  )
  // A tab that needs the object says it is gone; Events and Audit may still tell what happened to it, and an open log keeps its lines.
  const shown = gone && !['summary', 'events', 'logs', 'audit'].includes(current) ? 'gone' : current
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus({ preventScroll: true }), [])

  return (
    <aside
      aria-label={`${kindName} ${name}`}
      onKeyDown={(e) => e.key === 'Escape' && !(e.target instanceof HTMLTextAreaElement) && onClose()}
      className="flex w-full max-w-[46rem] min-w-[22rem] shrink-0 flex-col rounded-lg border border-slate-200 bg-white max-lg:fixed max-lg:inset-0 max-lg:z-30 max-lg:max-w-none max-lg:rounded-none lg:w-[42%] dark:border-slate-700 dark:bg-slate-900"
    >
      <header className="flex items-start gap-2 border-b border-slate-200 p-3 dark:border-slate-700">
        <div className="min-w-0 flex-1">
          <p className="text-xs text-slate-500 dark:text-slate-400">
            {kindName}
            {ns && <> · {ns}</>}
          </p>
          <h2 ref={heading} tabIndex={-1} className="truncate font-mono text-base font-semibold outline-none" title={name}>
            {name}
          </h2>
        </div>
        <Button size="sm" variant="ghost" aria-label="Close details" onClick={onClose}>
          <X size={16} aria-hidden="true" />
        </Button>
      </header>
      <Tabs
        label="Details"
        tabs={tabs}
        current={current}
        onSelect={onTab}
        title={(t) => (t === 'yaml' ? 'YAML' : t === 'aws' ? 'AWS' : t === 'forward' ? 'port-forward' : t)}
        className="px-2"
        panelClassName="min-h-0 flex-1 overflow-auto p-3"
      >
        {current === 'summary' && (
          <div className="space-y-4">
            {gone ? (
              goneState
            ) : (
              <ObjectActions kind={kind} namespace={ns} name={name} object={object} perms={perms} onDeleted={onClose} />
            )}
            {gone ? null : fetched.error && !object ? (
              <ErrorState error={fetched.error} title={`Could not read ${name}`} />
            ) : (
              <>
                <ObjectSummary kind={kind} object={object} />
                <RbacDetails cluster={kind.cluster} group={kind.group} plural={kind.plural} object={object} />
                <RecentWarnings kind={kind} namespace={ns} name={name} onShowAll={() => onTab('events')} />
              </>
            )}
          </div>
        )}
        {shown === 'gone' && goneState}
        {shown === 'yaml' && <YamlTab kind={kind} namespace={ns} name={name} canApply={perms.apply ?? { allowed: true }} />}
        {current === 'events' && <EventsTab kind={kind} namespace={ns} name={name} />}
        {shown === 'related' && <RelatedTab kind={kind} namespace={ns} name={name} />}
        {current === 'audit' && (
          <ObjectAuditTab cluster={kind.cluster} namespace={ns ?? ''} name={name}
            resource={kind.group === 'core' ? kind.plural : `${kind.plural}.${kind.group}`} />
        )}
        {shown === 'history' && <RevisionsTab kind={kind} kindName={kindName} namespace={ns} name={name} object={object} canRollBack={perms.rollback ?? { allowed: true }} />}
        {shown === 'compare' && (kind.group === 'core' && kind.plural === 'namespaces'
          ? <NamespaceCompareTab cluster={kind.cluster} namespace={name} others={otherClusters} />
          : <CompareTab kind={kind} kindName={kindName} namespaced={namespaced} namespace={ns} name={name} others={otherClusters} />)}
        {current === 'logs' && ns && (isPod
          ? <LogsTab cluster={kind.cluster} namespace={ns} pod={name} object={object} />
          : <WorkloadLogsTab workload={kind} namespace={ns} name={name} object={object} />)}
        {shown === 'forward' && ns && <PortForwardTab cluster={kind.cluster} namespace={ns} pod={name} object={object} permission={forwardPerm} />}
        {shown === 'aws' && ns && <AwsAccessTab cluster={kind.cluster} kind={kind.plural} namespace={ns} name={name} />}
        {shown === 'security' && <SecurityTab cluster={kind.cluster} kind={kind.plural} namespace={ns} name={name} />}
        {shown === 'exec' && ns && (
          <Suspense fallback={<Spinner label="Loading terminal" />}>
            <ExecTab cluster={kind.cluster} namespace={ns} pod={name} object={object} debug={perms.debug} permission={execPerm} />
          </Suspense>
        )}
      </Tabs>
    </aside>
  )
}

/** Kinds that own others whose events tell their story (a Deployment's ReplicaSets and pods), with what to call them. */
const OWNED_EVENTS: Record<string, string> = {
  'apps/deployments': 'its ReplicaSets and pods',
  'apps/replicasets': 'its pods',
  'apps/statefulsets': 'its pods',
  'apps/daemonsets': 'its pods',
  'batch/jobs': 'its pods',
  'batch/cronjobs': 'its Jobs and their pods',
}

function EventsTab({ kind, namespace, name }: { kind: KindRef; namespace: string | undefined; name: string }) {
  const ownedWords = OWNED_EVENTS[`${kind.group}/${kind.plural}`]
  // A workload's trouble is usually written on its pods: shown with them unless the person asks for its own alone.
  const [withOwned, setWithOwned] = useState(true)
  const owned = ownedWords !== undefined && withOwned
  const q = useObjectEvents(kind, namespace, name, owned)
  const now = useNow(AGE_REFRESH_MS)
  const toggle = ownedWords && (
    <label className="flex items-center gap-1.5 text-sm">
      <input type="checkbox" checked={withOwned} onChange={(e) => setWithOwned(e.target.checked)} /> Include {ownedWords}
    </label>
  )
  if (q.error) return <ErrorState error={q.error} title="Could not load events" onRetry={() => void q.refetch()} />
  if (q.isPending) return <Spinner label="Loading events" />
  if (q.data.events.length === 0) {
    return (
      <div className="space-y-2">
        {toggle}
        <EmptyState title="No events">Kubernetes keeps events for about an hour.</EmptyState>
      </div>
    )
  }
  return (
    <div className="space-y-2">
      {toggle}
      <ol className="space-y-2 text-sm">
        {q.data.events.map((e) => <EventItem key={e.metadata.uid ?? e.metadata.name} event={e} kind={kind} namespace={namespace} name={name} owned={owned} now={now} />)}
      </ol>
    </div>
  )
}

/** One event as the Events tab lists it; with `owned`, an event about another object (a pod of this Deployment) links to it. */
function EventItem({ event: e, kind, namespace, name, owned, now }: {
  event: KubeEvent
  kind: KindRef
  namespace: string | undefined
  name: string
  owned: boolean
  now: number
}) {
  const when = e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp
  const about = e.involvedObject
  const other = owned && about?.name && !(about.kind === undefined || (about.name === name && about.namespace === namespace && kindMatches(kind, about.kind)))
  return (
    <li className="rounded-md border border-slate-200 p-2 dark:border-slate-700">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={e.type === 'Warning' ? 'warning' : 'neutral'}>{e.type ?? 'Normal'}</Badge>
        <span className="font-medium">{e.reason}</span>
        {e.count && e.count > 1 && <span className="text-xs text-slate-500">×{e.count}</span>}
        {other && about.kind && about.name && (
          <Link
            to={builtInObjectRoute(kind.cluster, about.apiVersion ?? 'v1', about.kind, about.namespace, about.name)}
            className={cx('text-xs text-sky-700 hover:underline dark:text-sky-300', focusRing)}
          >
            {about.kind}/<span className="font-mono">{about.name}</span>
          </Link>
        )}
        <span className="ml-auto text-xs text-slate-500" title={when ?? undefined}>
          {when ? `${formatAge(when, now)} ago` : ''}
        </span>
      </div>
      <p className="mt-1 break-words text-slate-700 dark:text-slate-300">{e.message}</p>
      <p className="text-xs text-slate-500">{e.reportingComponent || e.source?.component}</p>
    </li>
  )
}

/** How many warnings the Summary shows; the Events tab has the rest. */
const SUMMARY_WARNINGS = 3

/**
 * The object's latest Warning events (a workload's with its pods', as the Events tab reads them by
 * default) at the foot of its Summary, where a `BackOff` or `FailedScheduling` is seen without
 * opening another tab; nothing when there are none.
 */
function RecentWarnings({ kind, namespace, name, onShowAll }: { kind: KindRef; namespace: string | undefined; name: string; onShowAll: () => void }) {
  const owned = OWNED_EVENTS[`${kind.group}/${kind.plural}`] !== undefined
  const q = useObjectEvents(kind, namespace, name, owned)
  const now = useNow(AGE_REFRESH_MS)
  const warnings = recentWarnings(q.data?.events ?? [])
  if (warnings.length === 0) return null
  return (
    <section aria-label="Recent warnings" className="space-y-1.5">
      <div className="flex items-center gap-2">
        <h3 className="text-sm font-semibold">Recent warnings</h3>
        <Button size="sm" variant="ghost" className="ml-auto" onClick={onShowAll}>All events</Button>
      </div>
      <ol className="space-y-2 text-sm">
        {warnings.map((e) => <EventItem key={e.metadata.uid ?? e.metadata.name} event={e} kind={kind} namespace={namespace} name={name} owned={owned} now={now} />)}
      </ol>
    </section>
  )
}

/** The latest {@link SUMMARY_WARNINGS} Warning events, newest first. */
function recentWarnings(events: readonly KubeEvent[]): KubeEvent[] {
  const at = (e: KubeEvent) => e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp ?? ''
  return events.filter((e) => e.type === 'Warning').sort((a, b) => at(b).localeCompare(at(a))).slice(0, SUMMARY_WARNINGS)
}


/** Whether an event's involvedObject kind (`Deployment`) is this list's kind (`deployments`). */
const kindMatches = (kind: KindRef, eventKind: string) => `${eventKind.toLowerCase()}s` === kind.plural

function RelatedTab({ kind, namespace, name }: { kind: KindRef; namespace: string | undefined; name: string }) {
  const q = useRelated(kind, namespace, name)
  if (q.error) return <ErrorState error={q.error} title="Could not load related objects" onRetry={() => void q.refetch()} />
  if (q.isPending) return <Spinner label="Loading related objects" />
  const link = (r: RelatedRef) => (
    <li key={r.uid}>
      <RelatedLink cluster={kind.cluster} r={r} />
    </li>
  )
  const usedBy = q.data.usedBy ?? []
  const referable = kind.group === 'core' && USABLE_KINDS.has(kind.plural)
  return (
    <div className="space-y-4 text-sm">
      {q.data.problems && q.data.problems.length > 0 && (
        <div role="note" className="rounded-md border border-amber-200 bg-amber-50 px-2 py-1 text-xs text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-200">
          Not everything could be checked, so this may be incomplete:
          <ul className="list-disc pl-4">
            {q.data.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      {referable && (
        <section aria-label="Used by">
          <h3 className="mb-1 font-semibold">Used by</h3>
          {(kind.plural === 'configmaps' || kind.plural === 'secrets') && usedBy.length > 0 && (
            <p className="mb-1 text-xs text-slate-500 dark:text-slate-400">
              Containers read environment variables when they start: restart these to apply a change. Mounted files follow within about a
              minute, except subPath mounts, which never do.
            </p>
          )}
          {usedBy.length ? (
            <ul className="space-y-1.5">
              {usedBy.map((u) => (
                <li key={u.object.uid} className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
                  <RelatedLink cluster={kind.cluster} r={u.object} />
                  {u.how.map((h) => (
                    <span key={h} className={cx('rounded-full border px-1.5 text-xs', h.includes('never updated') ? 'border-amber-300 text-amber-800 dark:border-amber-800 dark:text-amber-300' : 'border-slate-300 text-slate-600 dark:border-slate-600 dark:text-slate-300')}>
                      {h}
                    </span>
                  ))}
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-slate-500">No workload or pod in {namespace} uses it.</p>
          )}
        </section>
      )}
      <section>
        <h3 className="mb-1 font-semibold">Owners (nearest first)</h3>
        {q.data.owners.length ? <ul className="space-y-1">{q.data.owners.map(link)}</ul> : <p className="text-slate-500">None.</p>}
      </section>
      <section>
        <h3 className="mb-1 font-semibold">Owned</h3>
        {q.data.owned.length ? <ul className="space-y-1">{q.data.owned.map(link)}</ul> : <p className="text-slate-500">None.</p>}
      </section>
    </div>
  )
}

/** The kinds whose users the server finds in pod specs. */
const USABLE_KINDS = new Set(['configmaps', 'secrets', 'persistentvolumeclaims', 'serviceaccounts'])

function RelatedLink({ cluster, r }: { cluster: string; r: RelatedRef }) {
  return (
    <Link to={objectRoute(cluster, r, r.namespace, r.name)} className={cx('text-sky-700 hover:underline dark:text-sky-300', focusRing)}>
      <span className="text-slate-500 dark:text-slate-400">{r.kind}/</span>
      <span className="font-mono">{r.name}</span>
    </Link>
  )
}
