/**
 * Port-forward from the browser: opens a forward to a pod port (through the apiserver, as you)
 * and links to it at a Periscope URL that only this login session can use. It closes on Close,
 * sign-out or after a while without requests; each forward is one `port_forward` audit row.
 */
import { useState, type FormEvent } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { ExternalLink, Plug, X } from 'lucide-react'
import type { KubeObject } from '../../api/kube'
import { Button, ErrorState, Input, RefusedActions } from '../../ui'
import { declaredPorts, portForwardApi } from './api'

export function PortForwardTab({ cluster, namespace, pod, object, permission = { allowed: true } }: {
  cluster: string
  namespace: string
  pod: string
  object: KubeObject | undefined
  /** The pre-flight answer for `create pods/portforward`; the apiserver still decides on each request. */
  permission?: { allowed: boolean; reason?: string }
}) {
  const ports = declaredPorts(object)
  // The pod may arrive after the tab opens (a Table row carries only metadata): its first declared port is the
  // default until one is typed.
  const [typed, setPort] = useState<string | null>(null)
  const port = typed ?? (ports[0] ? String(ports[0].port) : '')
  const client = useQueryClient()
  const forwards = useQuery({ queryKey: ['port-forwards'], queryFn: ({ signal }) => portForwardApi.list(signal) })
  const refresh = () => client.invalidateQueries({ queryKey: ['port-forwards'] })
  const open = useMutation({ mutationFn: (p: number) => portForwardApi.open(cluster, namespace, pod, p), onSuccess: refresh })
  const close = useMutation({ mutationFn: (id: string) => portForwardApi.close(id), onSettled: refresh })
  const valid = /^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535
  const mine = (forwards.data?.forwards ?? []).filter((f) => f.cluster === cluster && f.namespace === namespace && f.pod === pod)

  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (valid) open.mutate(Number(port))
  }

  return (
    <div className="space-y-4 text-sm">
      <form onSubmit={submit} aria-label="Port-forward" className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col gap-1">
          Pod port
          <Input className="w-28" inputMode="numeric" value={port} onChange={(e) => setPort(e.target.value)} list="declared-ports" />
        </label>
        <datalist id="declared-ports">
          {ports.map((p) => <option key={`${p.container}/${p.port}`} value={p.port}>{`${p.container}${p.name ? ` (${p.name})` : ''}`}</option>)}
        </datalist>
        <span title={permission.allowed ? undefined : permission.reason}>
          <Button size="sm" type="submit" variant="primary" disabled={!valid || open.isPending || !permission.allowed}>
            <Plug size={14} aria-hidden="true" /> {open.isPending ? 'Opening…' : 'Forward'}
          </Button>
        </span>
        {/* Said beside the button too: a disabled button takes no focus, so its tooltip reaches no keyboard or screen reader. */}
        {!permission.allowed && <RefusedActions perms={[{ denied: true, reason: permission.reason ?? 'Your role does not allow port-forwarding to this pod' }]} />}
      </form>
      <p className="text-xs text-slate-500 dark:text-slate-400">
        HTTP (GET) only. Pages open without JavaScript (a sandbox keeps the pod's page from using your Periscope session). The
        forward closes when you sign out or after 15 minutes without a request.
      </p>
      {open.isError && <ErrorState error={open.error} title="Could not open the port-forward" />}
      {close.isError && <ErrorState error={close.error} title="Could not close the port-forward" />}
      {mine.length > 0 && (
        <ul aria-label="Open port-forwards" className="space-y-2">
          {mine.map((f) => (
            <li key={f.id} className="flex flex-wrap items-center gap-2 rounded-md border border-slate-200 p-2 dark:border-slate-700">
              <span className="font-mono">:{f.port}</span>
              <a href={f.url} target="_blank" rel="noopener noreferrer" className="inline-flex items-center gap-1 text-sky-700 hover:underline dark:text-sky-300">
                Open port {f.port} <ExternalLink size={12} aria-hidden="true" />
              </a>
              <span className="text-xs text-slate-500">{f.requests} request{f.requests === 1 ? '' : 's'}</span>
              <Button size="sm" variant="ghost" className="ml-auto" aria-label={`Close port-forward to port ${f.port}`} onClick={() => close.mutate(f.id)}>
                <X size={14} aria-hidden="true" /> Close
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
