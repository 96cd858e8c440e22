import type { ReactNode } from 'react'
import { Link } from 'react-router'
import { Badge, Spinner, cx, focusRing, type Tone } from '../../ui'
import { AGE_REFRESH_MS, useNow } from '../../lib/useNow'
import type { DiscoveredKind, KindRef, KubeObject } from './api'
import { formatAge } from './listModel'
import { NodeAllocationField } from './NodeAllocationField'
import { objectRoute, ownerRoute } from './groups'
import { readableAmount } from './usage'
import { autoscalerFactsOf, metricsLine, SCALABLE_KINDS, type AutoscalerFacts } from './autoscalerModel'
import { useAutoscalerOf, useDiscovery, useQuotasOf } from './hooks'
import { CertificateField } from './CertificateField'
import { CronJobRunsField } from './CronJobRunsField'
import { IngressRoutes } from './IngressRoutes'
import { QuotaUsage } from './QuotaUsage'
import { ServiceEndpointsField } from './ServiceEndpointsField'
import { annotationValue, budgetFactsOf, conditionsOf, containersOf, cronJobFactsOf, eventFactsOf, ingressFactsOf, nodeFactsOf, podSelectorOf, rolloutStatusOf, serviceFactsOf, type EventFacts, type RolloutStatus } from './summaryModel'
import { formatTime, formatTimeWithZone } from '../../lib/time'
import { deletionRequestedAt } from '../../api/kube'
import { certificateFactsOf, type CertificateFacts } from './certificateModel'

const ROLLOUT_TONE: Record<RolloutStatus['state'], Tone> = { progressing: 'info', complete: 'success', stalled: 'danger', paused: 'warning' }

/**
 * An Event's own facts, which the list's narrow columns cut: the object it is about (a link, so
 * the list of events leads to what they are about), its whole message, how often and when, and who reported it.
 */
function EventFields({ cluster, kinds, event, namespace, now }: {
  cluster: string
  kinds: readonly DiscoveredKind[] | undefined
  event: EventFacts
  namespace: string | undefined
  now: number
}) {
  const about = event.about
  // An event about a cluster-scoped object (a Node) lives in a namespace (default) the object is not in: discovery says which it is.
  const to = about && ownerRoute(cluster, kinds, about, about.namespace ?? namespace)
  const seen = (at: string | undefined) => (at ? `${formatTime(at)} (${formatAge(at, now)} ago)` : '—')
  return (
    <>
      <Field label="Type">
        <Badge tone={event.type === 'Warning' ? 'warning' : 'neutral'}>{event.type}</Badge>
      </Field>
      <Field label="Reason">{event.reason ?? '—'}</Field>
      <Field label="Object">
        {!about ? '—' : to ? (
          <Link to={to} className={cx('text-sky-700 hover:underline dark:text-sky-300', focusRing)}>
            {about.kind}/<span className="font-mono">{about.name}</span>
          </Link>
        ) : (
          <span>{about.kind}/<span className="font-mono">{about.name}</span></span>
        )}
      </Field>
      <Field label="Message">
        <span className="whitespace-pre-wrap break-words">{event.message || '—'}</span>
      </Field>
      <Field label="Count">{event.count !== undefined ? String(event.count) : '—'}</Field>
      <Field label="First seen">{seen(event.firstSeen)}</Field>
      <Field label="Last seen">{seen(event.lastSeen)}</Field>
      <Field label="Source">{event.source ?? '—'}</Field>
    </>
  )
}

/**
 * A cert-manager Certificate's lifetime: when it expires (relative, then the exact local time), when cert-manager
 * renews it, and its Ready condition's words, which say why a renewal failed.
 */
function CertificateLifetime({ facts }: { facts: CertificateFacts }) {
  const at = (iso: string) => <span className="text-xs text-slate-600 dark:text-slate-400">{formatTimeWithZone(iso)}</span>
  return (
    <>
      <Field label="Expires">
        {facts.notAfter ? (
          <span className="flex flex-wrap items-center gap-2">
            <Badge tone={facts.tone}>{facts.expiresIn ? (facts.expired ? `expired ${facts.expiresIn}` : `expires ${facts.expiresIn}`) : facts.notAfter}</Badge>
            {at(facts.notAfter)}
            {facts.renewalFailed && <Badge tone="warning" title="cert-manager's last attempt to issue this certificate failed; the Ready message says why">renewal failed</Badge>}
          </span>
        ) : (
          <span className="text-slate-500 dark:text-slate-400">not issued yet (no status.notAfter)</span>
        )}
      </Field>
      <Field label="Renews">
        {facts.renewalTime ? (
          <span className="flex flex-wrap items-center gap-2">
            <span>{facts.renewsIn ?? facts.renewalTime}</span>
            {at(facts.renewalTime)}
          </span>
        ) : '—'}
      </Field>
      <Field label="Ready">
        {facts.ready ? (
          <>
            <Badge tone={facts.ready.status === 'True' ? 'success' : facts.ready.status === 'False' ? 'warning' : 'neutral'}>{facts.ready.status}</Badge>
            {facts.ready.reason && <span className="ml-2 font-medium">{facts.ready.reason}</span>}
            {facts.ready.message && <p className="mt-0.5 break-words text-xs text-slate-600 dark:text-slate-400">{facts.ready.message}</p>}
          </>
        ) : '—'}
      </Field>
    </>
  )
}

/** An autoscaler held at a bound (ScalingLimited): at its maximum while its metrics ask for more, or at its minimum. */
function BoundBadge({ facts }: { facts: AutoscalerFacts }) {
  if (!facts.limited) return null
  const words = facts.limited.reason === 'TooManyReplicas' ? 'at maximum' : facts.limited.reason === 'TooFewReplicas' ? 'at minimum' : 'limited'
  return (
    <Badge tone="warning" className="ml-2" title={facts.limited.message}>
      {words}
    </Badge>
  )
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </>
  )
}

/** A titled list under the fields (containers, conditions), named for screen readers by its title. */
function ListSection({ label, children }: { label: string; children: ReactNode }) {
  return (
    <section aria-label={label}>
      <h3 className="mb-1 text-sm font-semibold">{label}</h3>
      <ul className="space-y-1.5 text-sm">{children}</ul>
    </section>
  )
}

/** One value per line in monospace, or a dash for none. */
function Lines({ items }: { items: string[] }) {
  if (items.length === 0) return <>—</>
  return (
    <ul className="space-y-0.5 font-mono text-xs break-all">
      {items.map((x) => (
        <li key={x}>{x}</li>
      ))}
    </ul>
  )
}

/**
 * The Summary tab: metadata, then what an SRE reads first on the kinds that have them: a node's
 * versions, addresses, taints, allocatable resources and how much of them its pods request; a Service's type, ports and external
 * address; the pods a workload or Service selects (a link to them), containers with images (and each one's state,
 * readiness and restarts on a Pod), a cert-manager Certificate's expiry, renewal and readiness, and the conditions with their reasons.
 */
export function ObjectSummary({ kind, object }: { kind: KindRef; object: KubeObject | undefined }) {
  const now = useNow(AGE_REFRESH_MS)
  const autoscaler = useAutoscalerOf(kind, object?.metadata.namespace, object?.metadata.name ?? '')
  const discovery = useDiscovery(kind.cluster)
  // A namespace's Summary shows how full its quotas are.
  const quotas = useQuotasOf(kind.cluster, kind.group === 'core' && kind.plural === 'namespaces' ? object?.metadata.name : undefined)
  if (!object) return <Spinner label="Loading" />
  const m = object.metadata
  const deletingSince = deletionRequestedAt(m)
  const status = object.status
  const spec = object.spec
  const labels = Object.entries(m.labels ?? {})
  const annotations = Object.entries(m.annotations ?? {})
  const selector = podSelectorOf(object)
  const containers = containersOf(object)
  const conditions = conditionsOf(object)
  const node = nodeFactsOf(object)
  const service = serviceFactsOf(object)
  const ingress = ingressFactsOf(object)
  const cronJob = cronJobFactsOf(object)
  const rollout = rolloutStatusOf(object)
  const hpa = autoscalerFactsOf(object)
  const budget = budgetFactsOf(object)
  const event = eventFactsOf(object)
  const certificate = certificateFactsOf(object, now)
  const scaledBy = autoscaler && autoscalerFactsOf(autoscaler)
  const podsLink =
    selector &&
    `/clusters/${encodeURIComponent(kind.cluster)}/r/core/v1/pods?${new URLSearchParams({ ...(m.namespace ? { ns: m.namespace } : {}), labels: selector })}`
  return (
    <div className="space-y-4">
      <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-2 text-sm">
        <Field label="Created">
          {m.creationTimestamp ? `${formatTime(m.creationTimestamp)} (${formatAge(m.creationTimestamp, now)} ago)` : '—'}
        </Field>
        {event && <EventFields cluster={kind.cluster} kinds={discovery.data?.kinds} event={event} namespace={m.namespace} now={now} />}
        {deletingSince && <Field label="Deleting since">{`${formatTime(deletingSince)} (${formatAge(deletingSince, now)} ago)`}</Field>}
        {typeof status?.phase === 'string' && <Field label="Phase">{status.phase}</Field>}
        {spec?.replicas !== undefined && (
          <Field label="Replicas">
            {String(spec.replicas)} desired
            {status?.readyReplicas !== undefined && ` · ${String(status.readyReplicas)} ready`}
          </Field>
        )}
        {typeof spec?.nodeName === 'string' && (
          <Field label="Node">
            <Link
              to={`/clusters/${encodeURIComponent(kind.cluster)}/r/core/v1/nodes?${new URLSearchParams({ sel: spec.nodeName })}`}
              className={cx('text-sky-700 hover:underline dark:text-sky-300', focusRing)}
            >
              {spec.nodeName}
            </Link>
          </Field>
        )}
        {object.kind === 'Pod' && typeof status?.podIP === 'string' && <Field label="IP">{status.podIP}</Field>}
        {object.kind === 'Pod' && typeof status?.qosClass === 'string' && <Field label="QoS class">{status.qosClass}</Field>}
        {certificate && <CertificateLifetime facts={certificate} />}
        {rollout && (
          <Field label="Rollout">
            <Badge tone={ROLLOUT_TONE[rollout.state]}>{rollout.state}</Badge>
            <span className="ml-2 text-xs text-slate-600 dark:text-slate-300">{rollout.message}</span>
          </Field>
        )}
        {scaledBy && autoscaler && (
          <Field label="Autoscaler">
            <Link
              to={objectRoute(kind.cluster, { group: 'autoscaling', version: 'v2', plural: 'horizontalpodautoscalers' }, autoscaler.metadata.namespace, autoscaler.metadata.name)}
              className={cx('font-mono text-xs text-sky-700 hover:underline dark:text-sky-300', focusRing)}
            >
              {autoscaler.metadata.name}
            </Link>
            <span className="ml-2 text-xs text-slate-600 dark:text-slate-300">
              {scaledBy.min}–{scaledBy.max} replicas{scaledBy.metrics.length > 0 && ` · ${metricsLine(scaledBy.metrics)}`}
            </span>
            <BoundBadge facts={scaledBy} />
          </Field>
        )}
        {budget && (
          <>
            <Field label="Budget">
              {budget.minAvailable !== undefined ? `min available ${budget.minAvailable}` : budget.maxUnavailable !== undefined ? `max unavailable ${budget.maxUnavailable}` : '—'}
            </Field>
            <Field label="Disruptions">
              {budget.allowed === undefined ? (
                <span title="The disruption controller has not read this budget yet; the apiserver refuses evictions it covers until it has">
                  not computed yet
                </span>
              ) : `${budget.allowed} allowed now`}
              {budget.allowed === 0 && (
                <Badge tone="warning" className="ml-2" title="An eviction of any of its pods (a drain, a node upgrade, Karpenter's consolidation) is refused until one is allowed">
                  blocks evictions
                </Badge>
              )}
            </Field>
            {budget.healthy !== undefined && (
              <Field label="Healthy">
                {budget.healthy} of {budget.expected ?? '?'} pods (needs {budget.desiredHealthy ?? '?'})
              </Field>
            )}
          </>
        )}
        {hpa && (
          <>
            <Field label="Scales">
              {SCALABLE_KINDS[`${hpa.target.kind.toLowerCase()}s`] === hpa.target.kind && m.namespace ? (
                <Link
                  to={objectRoute(kind.cluster, { group: 'apps', version: 'v1', plural: `${hpa.target.kind.toLowerCase()}s` }, m.namespace, hpa.target.name)}
                  className={cx('text-sky-700 hover:underline dark:text-sky-300', focusRing)}
                >
                  {hpa.target.kind} {hpa.target.name}
                </Link>
              ) : (
                `${hpa.target.kind} ${hpa.target.name}`
              )}
            </Field>
            <Field label="Replicas">
              {hpa.current ?? '?'} current · {hpa.desired ?? '?'} desired · min {hpa.min}, max {hpa.max}
              <BoundBadge facts={hpa} />
            </Field>
            <Field label="Metrics">
              <Lines items={hpa.metrics.map((x) => `${x.name}: ${x.current} / ${x.target}`)} />
            </Field>
            <Field label="Last scaled">{hpa.lastScale ? `${formatAge(hpa.lastScale, now)} ago` : 'never'}</Field>
          </>
        )}
        {cronJob && (
          <>
            <Field label="Schedule">
              <span className="font-mono text-xs">{cronJob.schedule}</span>
              {cronJob.timeZone && <span className="text-slate-500"> ({cronJob.timeZone})</span>}
              {cronJob.suspended && <Badge tone="warning" className="ml-2">suspended</Badge>}
            </Field>
            <Field label="Last scheduled">{cronJob.lastSchedule ? `${formatAge(cronJob.lastSchedule, now)} ago` : 'never'}</Field>
            <Field label="Last successful">{cronJob.lastSuccessful ? `${formatAge(cronJob.lastSuccessful, now)} ago` : 'never'}</Field>
            <Field label="Active Jobs">{String(cronJob.active)}</Field>
            <Field label="Recent runs">
              <CronJobRunsField cluster={kind.cluster} cronJob={object} />
            </Field>
          </>
        )}
        {node && (
          <>
            {node.unschedulable && (
              <Field label="Scheduling">
                <Badge tone="warning">cordoned</Badge>
              </Field>
            )}
            <Field label="Pods">
              <Link
                to={`/clusters/${encodeURIComponent(kind.cluster)}/r/core/v1/pods?${new URLSearchParams({ fields: `spec.nodeName=${m.name}` })}`}
                className={cx('text-sky-700 hover:underline dark:text-sky-300', focusRing)}
              >
                on this node
              </Link>
            </Field>
            <Field label="Kubelet">{node.kubelet ?? '—'}</Field>
            {node.os && <Field label="OS">{node.os}</Field>}
            {node.runtime && <Field label="Runtime">{node.runtime}</Field>}
            <Field label="Addresses">
              <Lines items={node.addresses} />
            </Field>
            <Field label="Taints">
              <Lines items={node.taints} />
            </Field>
            <Field label="Allocatable">
              <Lines items={node.resources.map((r) => `${r.name} ${readableAmount(r.name, r.allocatable)} of ${readableAmount(r.name, r.capacity)}`)} />
            </Field>
            <Field label="Allocated">
              <NodeAllocationField cluster={kind.cluster} node={m.name} />
            </Field>
          </>
        )}
        {service && (
          <>
            <Field label="Type">{service.type}</Field>
            {service.clusterIP && <Field label="Cluster IP">{service.clusterIP}</Field>}
            <Field label="Ports">
              <Lines items={service.ports} />
            </Field>
            {service.external.length > 0 && (
              <Field label="External">
                <Lines items={service.external} />
              </Field>
            )}
            <Field label="Endpoints">
              <ServiceEndpointsField cluster={kind.cluster} service={object} />
            </Field>
          </>
        )}
        {object.kind === 'Secret' && (object as { type?: string }).type === 'kubernetes.io/tls' && (
          <Field label="Certificate">
            <CertificateField kind={kind} namespace={m.namespace} name={m.name} />
          </Field>
        )}
        {ingress && (
          <>
            {ingress.className && <Field label="Class">{ingress.className}</Field>}
            {ingress.addresses.length > 0 && (
              <Field label="Address">
                <Lines items={ingress.addresses} />
              </Field>
            )}
            <Field label="Routes">
              <IngressRoutes cluster={kind.cluster} namespace={m.namespace ?? ''} facts={ingress} />
            </Field>
          </>
        )}
        {podsLink && (
          <Field label="Pods">
            <Link to={podsLink} className={cx('font-mono text-xs text-sky-700 hover:underline dark:text-sky-300', focusRing)}>
              {selector}
            </Link>
          </Field>
        )}
        <Field label="Labels">
          <span className="flex flex-wrap gap-1">
            {labels.length === 0
              ? '—'
              : labels.map(([k, v]) => (
                  // A long label (kubernetes.io/hostname=…) is cut with an ellipsis inside the pane, whole in its title.
                  <Badge key={k} className="max-w-full font-mono" title={`${k}=${v}`}>
                    <span className="min-w-0 truncate">
                      {k}={v}
                    </span>
                  </Badge>
                ))}
          </span>
        </Field>
        <Field label="Annotations">
          {annotations.length === 0 ? (
            '—'
          ) : (
            <ul className="space-y-0.5 font-mono text-xs">
              {annotations.map(([k, v]) => (
                <li key={k} title={v.length > 120 ? v : undefined}>
                  <span className="text-slate-500 dark:text-slate-400">{k}</span>={annotationValue(k, v)}
                </li>
              ))}
            </ul>
          )}
        </Field>
        <Field label="Controlled by">
          {m.ownerReferences?.length ? (
            <span className="flex flex-wrap gap-x-2">
              {m.ownerReferences.map((o) => {
                const to = ownerRoute(kind.cluster, discovery.data?.kinds, o, m.namespace)
                return to ? (
                  <Link key={`${o.kind}/${o.name}`} className={cx('text-sky-700 hover:underline dark:text-sky-300', focusRing)} to={to}>
                    {o.kind}/{o.name}
                  </Link>
                ) : (
                  <span key={`${o.kind}/${o.name}`}>{o.kind}/{o.name}</span>
                )
              })}
            </span>
          ) : '—'}
        </Field>
        <Field label="UID">
          <span className="font-mono text-xs">{m.uid ?? '—'}</span>
        </Field>
      </dl>
      {object.kind === 'ResourceQuota' && <QuotaUsage quota={object} title="Used of hard" />}
      {quotas?.map((q) => <QuotaUsage key={q.metadata.name} quota={q} title={`Quota ${q.metadata.name}`} />)}
      {containers.length > 0 && (
        <ListSection label="Containers">
            {containers.map((c) => (
              <li key={`${c.init ? 'init:' : ''}${c.name}`} className="rounded-md border border-slate-200 px-2 py-1.5 dark:border-slate-700">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">{c.name}</span>
                  {c.init && <Badge>init</Badge>}
                  {c.state && <Badge tone={c.tone}>{c.state}</Badge>}
                  {c.ready !== undefined && !c.init && <span className="text-xs text-slate-500 dark:text-slate-400">{c.ready ? 'ready' : 'not ready'}</span>}
                  {c.restarts !== undefined && c.restarts > 0 && (
                    <span className="text-xs text-amber-700 dark:text-amber-300">
                      {c.restarts} {c.restarts === 1 ? 'restart' : 'restarts'}
                    </span>
                  )}
                </div>
                <div className="text-xs text-slate-600 dark:text-slate-400">
                  <span className="font-mono break-all">{c.image}</span>{' '}
                  <Link to={`/images?${new URLSearchParams({ q: c.image })}`} title="Every cluster's pods that run this image, and the builds they run"
                    className={cx('whitespace-nowrap text-sky-700 hover:underline dark:text-sky-300', focusRing)}>
                    where it runs
                  </Link>
                </div>
                {c.last && (
                  <div className="mt-0.5 flex flex-wrap items-center gap-2 text-xs">
                    <span className="text-slate-500 dark:text-slate-400">Last run ended</span>
                    <Badge tone={c.last.tone}>{c.last.state}</Badge>
                    {c.last.at && (
                      <span className="text-slate-500 dark:text-slate-400" title={c.last.at}>
                        {formatAge(c.last.at, now)} ago
                      </span>
                    )}
                  </div>
                )}
                {c.resources && <div className="mt-0.5 font-mono text-xs break-all text-slate-500 dark:text-slate-400">{c.resources}</div>}
                {c.probes?.map((p) => <div key={p} className="mt-0.5 font-mono text-xs break-words text-slate-500 dark:text-slate-400">{p}</div>)}
              </li>
            ))}
        </ListSection>
      )}
      {conditions.length > 0 && (
        <ListSection label="Conditions">
            {conditions.map((c) => (
              <li key={c.type}>
                <div className="flex flex-wrap items-center gap-2">
                  <Badge tone={c.tone}>
                    {c.type}: {c.status}
                  </Badge>
                  {c.reason && <span className="font-medium">{c.reason}</span>}
                  {c.since && (
                    <span className="ml-auto text-xs text-slate-500" title={c.since}>
                      {formatAge(c.since, now)} ago
                    </span>
                  )}
                </div>
                {c.message && <p className="mt-0.5 break-words text-xs text-slate-600 dark:text-slate-400">{c.message}</p>}
              </li>
            ))}
        </ListSection>
      )}
    </div>
  )
}
