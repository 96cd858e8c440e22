import { Link } from 'react-router'
import { Badge, cx, focusRing } from '../../ui'
import { ApiError } from '../../api/client'
import { objectRoute } from './groups'
import { useEndpointSlicesOf, useObject } from './hooks'
import { endpointsOf, endpointsVerdict } from './serviceEndpoints'
import type { IngressBackend, IngressFacts } from './summaryModel'

const SERVICES = { group: 'core', version: 'v1', plural: 'services' }
const SECRETS = { group: 'core', version: 'v1', plural: 'secrets' }
const link = cx('font-mono text-sky-700 hover:underline dark:text-sky-300', focusRing)

/**
 * An Ingress's routes as `kubectl describe ingress` lists them, each backend Service linked with how
 * many of its pods are ready to take the traffic (its EndpointSlices), and its TLS Secrets.
 */
export function IngressRoutes({ cluster, namespace, facts }: { cluster: string; namespace: string; facts: IngressFacts }) {
  const rows = [...facts.routes.map((r) => ({ where: `${r.host}${r.path}`, title: r.pathType, backend: r.backend })),
    ...(facts.defaultBackend ? [{ where: 'default', title: 'Requests no rule matches', backend: facts.defaultBackend }] : [])]
  return (
    <div className="space-y-2">
      {rows.length === 0 ? (
        <span className="text-slate-500">No rules: the controller's default backend answers every request</span>
      ) : (
        <ul aria-label="Routes" className="space-y-1 text-xs">
          {rows.map((r) => (
            <li key={`${r.where} ${JSON.stringify(r.backend)}`}>
              <span className="block font-mono break-all" title={r.title}>{r.where}</span>
              <span className="flex flex-wrap items-center gap-x-2 gap-y-0.5 pl-3">
                <span aria-hidden="true" className="text-slate-400">→</span>
                <BackendLink cluster={cluster} namespace={namespace} backend={r.backend} />
                {'service' in r.backend && <BackendReadiness cluster={cluster} namespace={namespace} service={r.backend.service} />}
              </span>
            </li>
          ))}
        </ul>
      )}
      {facts.tls.length > 0 && (
        <ul aria-label="TLS" className="space-y-0.5 text-xs">
          {facts.tls.map((t) => (
            <li key={`${t.secretName ?? ''} ${t.hosts.join(',')}`}>
              <span className="font-mono">{t.hosts.join(', ') || 'every host'}</span>
              {' — certificate in '}
              {t.secretName ? <Link to={objectRoute(cluster, SECRETS, namespace, t.secretName)} className={link}>{t.secretName}</Link> : "the controller's default"}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

function BackendLink({ cluster, namespace, backend }: { cluster: string; namespace: string; backend: IngressBackend }) {
  if ('resource' in backend) return <span className="font-mono">{backend.resource}</span>
  return (
    <Link to={objectRoute(cluster, SERVICES, namespace, backend.service)} className={link}>
      {backend.service}:{backend.port}
    </Link>
  )
}

/** The backend Service's ready endpoints, as its own Summary shows them; a Service that does not exist says so. */
function BackendReadiness({ cluster, namespace, service }: { cluster: string; namespace: string; service: string }) {
  const svc = useObject({ cluster, ...SERVICES }, namespace, service, true)
  const slices = useEndpointSlicesOf(cluster, namespace, service)
  if (svc.error instanceof ApiError && svc.error.isNotFound) {
    return <Badge tone="danger" title="The Ingress routes to a Service that does not exist: its requests fail">no such Service</Badge>
  }
  const error = svc.error ?? slices.error
  if (error) return <span className="text-slate-500" title={error.message}>unknown</span>
  if (!svc.data || !slices.data) return <span className="text-slate-500">…</span>
  const verdict = endpointsVerdict(svc.data, endpointsOf(slices.data))
  return <Badge tone={verdict.tone} title={'why' in verdict ? verdict.why : undefined}>{verdict.text}</Badge>
}
