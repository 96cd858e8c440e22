import { useState } from 'react'
import { RotateCcw } from 'lucide-react'
import { Badge, Button, EmptyState, ErrorState, ModalDialog, RefusedActions, Spinner } from '../../ui'
import { AGE_REFRESH_MS, useNow } from '../../lib/useNow'
import { resourcesApi, type KindRef, type KubeObject, type Revision } from './api'
import { useResourceAction, useRevisions } from './hooks'
import { formatAge } from './listModel'
import type { Permission } from './ObjectActions'

/**
 * A workload's rollout history (`kubectl rollout history`): each revision it keeps (a Deployment's
 * ReplicaSets with their pods, a StatefulSet's or DaemonSet's ControllerRevisions), newest first,
 * with its images and change cause; any earlier revision can be rolled back to
 * (`kubectl rollout undo --to-revision`), after a confirmation that says what changes.
 */
export function RevisionsTab({ kind, kindName, namespace, name, object, canRollBack }: {
  kind: KindRef
  kindName: string
  namespace: string | undefined
  name: string
  object: KubeObject | undefined
  canRollBack: Permission
}) {
  const q = useRevisions(kind, namespace, name, object?.metadata.resourceVersion)
  const now = useNow(AGE_REFRESH_MS)
  const [asked, setAsked] = useState<Revision | null>(null)
  const rollback = useResourceAction(kind.cluster, (r: Revision) => resourcesApi.rollback(kind, namespace, name, r.revision))
  if (q.error) return <ErrorState error={q.error} title="Could not read the revisions" onRetry={() => void q.refetch()} />
  if (q.isPending) return <Spinner label="Loading revisions" />
  const revisions = q.data.revisions
  if (revisions.length === 0) {
    return <EmptyState title="No revisions">This {kindName} keeps no revision: its controller keeps `spec.revisionHistoryLimit` of them (10 by default).</EmptyState>
  }
  const current = revisions.find((r) => r.current)
  const withPods = revisions.some((r) => r.replicas !== null)
  return (
    <div className="space-y-3 text-sm">
      <table className="w-full text-left" aria-label="Revisions">
        <thead className="text-xs text-slate-500 dark:text-slate-400">
          <tr>
            <th className="py-1 pr-2 font-medium">Revision</th>
            <th className="py-1 pr-2 font-medium">Images and change cause</th>
            {withPods && <th className="py-1 pr-2 font-medium">Pods</th>}
            <th className="py-1 pr-2 font-medium">Age</th>
            <th className="py-1 font-medium"><span className="sr-only">Action</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {revisions.map((r) => (
            <tr key={r.name} className="align-top">
              <td className="py-1.5 pr-2">
                <div className="font-semibold">{r.revision}</div>
                {r.current && <Badge tone="success">current</Badge>}
              </td>
              <td className="py-1.5 pr-2">
                {r.images.map((i) => (
                  // The repository's last part and the tag say which release; the registry is in the tooltip.
                  <div key={i} className="font-mono text-xs break-all" title={i}>{i.slice(i.lastIndexOf('/', i.lastIndexOf(':')) + 1)}</div>
                ))}
                <div className="text-xs text-slate-500">{r.changeCause ?? 'no change cause recorded'} · <span className="font-mono">{r.name}</span></div>
              </td>
              {withPods && <td className="py-1.5 pr-2 whitespace-nowrap">{r.replicas === null ? '—' : `${r.readyReplicas}/${r.replicas}`}</td>}
              <td className="py-1.5 pr-2 whitespace-nowrap" title={r.created ?? undefined}>{r.created ? formatAge(r.created, now) : '—'}</td>
              <td className="py-1.5 text-right">
                {!r.current && (
                  <span title={canRollBack.allowed ? undefined : canRollBack.reason}>
                    <Button size="sm" className="whitespace-nowrap" aria-label={`Roll back to ${r.revision}`}
                      disabled={!canRollBack.allowed || rollback.isPending} onClick={() => setAsked(r)}>
                      <RotateCcw size={14} aria-hidden="true" /> Roll back
                    </Button>
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {/* Said here, where the disabled Roll back buttons are, for whoever cannot hover them (the Summary's list names its own buttons only). */}
      {revisions.some((r) => !r.current) && <RefusedActions perms={[canRollBack]} />}
      {rollback.isSuccess && (
        <p role="status" className="text-emerald-700 dark:text-emerald-400">
          Rolled back to revision {rollback.variables.revision}'s template: the {kindName} controller rolls the pods out again, and that
          revision comes back under the next number.
        </p>
      )}
      {rollback.isError && <ErrorState error={rollback.error} title={`Rolling back to revision ${rollback.variables.revision} failed`} />}
      {asked && (
        <ModalDialog label={`Roll back ${name}`} onClose={() => setAsked(null)}>
          <div className="space-y-3 p-4">
            <h2 className="text-base font-semibold">Roll back {name} to revision {asked.revision}?</h2>
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
              <dt className="text-slate-500">Now</dt>
              <dd className="font-mono text-xs break-all">{current ? `${current.revision}: ${current.images.join(', ')}` : 'a template no kept revision has'}</dd>
              <dt className="text-slate-500">Then</dt>
              <dd className="font-mono text-xs break-all">{asked.revision}: {asked.images.join(', ')}</dd>
            </dl>
            <p className="text-slate-600 dark:text-slate-400">
              The {kindName} takes that revision's pod template, and its controller replaces the pods as in any rollout (as{' '}
              <code className="font-mono text-xs">kubectl rollout undo --to-revision={asked.revision}</code>). Audited under your name.
            </p>
            <div className="flex justify-end gap-2">
              <Button size="sm" variant="ghost" onClick={() => setAsked(null)}>Cancel</Button>
              <Button size="sm" variant="primary" data-autofocus onClick={() => {
                rollback.mutate(asked)
                setAsked(null)
              }}>
                Roll back to {asked.revision}
              </Button>
            </div>
          </div>
        </ModalDialog>
      )}
    </div>
  )
}
