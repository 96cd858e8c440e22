import { Link } from 'react-router'
import { Badge, cx, focusRing } from '../../ui'
import type { KubeObject } from './api'
import { objectRoute } from './groups'
import { useEndpointSlicesOf } from './hooks'
import { endpointsOf, endpointsVerdict } from './serviceEndpoints'

const PODS = { group: 'core', version: 'v1', plural: 'pods' }

/**
 * The pods a Service sends traffic to (its EndpointSlices), ready or not: what explains a 503 when
 * the selector matches nothing or no pod passes its readiness probe. Read again every 10 s.
 */
export function ServiceEndpointsField({ cluster, service }: { cluster: string; service: KubeObject }) {
  const ns = service.metadata.namespace ?? ''
  const q = useEndpointSlicesOf(cluster, ns, service.metadata.name)
  if (q.isPending) return <span className="text-slate-500">Reading the endpoints…</span>
  if (q.error) return <span className="text-slate-500">Not available: {q.error.message}</span>
  const e = endpointsOf(q.data)
  const verdict = endpointsVerdict(service, e)
  return (
    <div className="space-y-1">
      <span className="flex flex-wrap items-center gap-2">
        <Badge tone={verdict.tone}>{verdict.text}</Badge>
        {'why' in verdict && <span className="text-xs text-slate-600 dark:text-slate-400">{verdict.why}</span>}
      </span>
      {e.endpoints.length > 0 && (
        <ul aria-label="Endpoints" className="space-y-0.5 font-mono text-xs">
          {e.endpoints.map((x) => (
            <li key={x.pod ?? x.addresses[0]} className="flex flex-wrap gap-x-2">
              {x.pod ? (
                <Link to={objectRoute(cluster, PODS, ns, x.pod)} className={cx('text-sky-700 hover:underline dark:text-sky-300', focusRing)}>{x.pod}</Link>
              ) : null}
              <span className="text-slate-600 dark:text-slate-400">{x.addresses.join(", ")}</span>
              {!x.ready && <span className="text-red-700 dark:text-red-300">not ready</span>}
              {x.terminating && <span className="text-amber-700 dark:text-amber-300">terminating</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
