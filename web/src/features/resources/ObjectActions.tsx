import { useRef, useState, type ReactNode } from 'react'
import { Ban, CirclePause, CirclePlay, DoorOpen, Eye, LogOut, Play, RotateCcw, Scaling, Trash2, type LucideIcon } from 'lucide-react'
import { Button, ConfirmDialog, ErrorState, Input, RefusedActions } from '../../ui'
import { resourcesApi, type AccessAnswer, type AccessCheck, type ActionName, type KindRef, type KubeObject } from './api'
import { formatAge } from '../../lib/age'
import { useNow } from '../../lib/useNow'
import { ActionConfirm, ActionTarget } from './ActionConfirm'
import { DrainDialog } from './DrainDialog'
import { useAutoscalerOf, useRememberObject, useResourceAction } from './hooks'
import { autoscalerFactsOf, metricsLine } from './autoscalerModel'
import { formatTime } from '../../lib/time'
import { deletionRequestedAt } from '../../api/kube'

const core = (g: string) => (g === 'core' ? '' : g)

/** The access review that decides, before a click, whether the person may run `action` on the object. */
export function accessCheck(action: ActionName, kind: KindRef, namespace: string | undefined, name: string): AccessCheck {
  const on = { group: core(kind.group), resource: kind.plural, namespace, name }
  switch (action) {
    case 'apply':
    case 'restart':
    case 'cordon':
    case 'rollback':
    case 'pause':
      return { verb: 'patch', ...on }
    case 'scale':
      // The server patches the scale subresource, as kubectl scale does: a role with `patch` on `deployments/scale`
      // may scale without editing the object (the chart's triage tier), and one with only the object's patch may not.
      return { verb: 'patch', ...on, subresource: 'scale' }
    case 'delete':
      return { verb: 'delete', ...on }
    case 'trigger':
      // Triggering creates a Job in the CronJob's namespace.
      return { verb: 'create', group: 'batch', resource: 'jobs', namespace }
    case 'reveal':
      return { verb: 'get', ...on }
    case 'evict':
      return { verb: 'create', ...on, subresource: 'eviction' }
    case 'debug':
      return { verb: 'patch', ...on, subresource: 'ephemeralcontainers' }
  }
}

/** The words of the pause action on each kind that has it, and the spec field that says it is on. */
const ROLLOUT_HOLD = (name: string) => ({
  field: 'paused', what: `Rollouts of ${name}`, whatInFailure: `rollouts of ${name}`, held: 'paused', holding: 'Pausing', hold: 'Pause rollout', resume: 'Resume rollout',
  holdTitle: 'Hold template changes back until resumed; the pods keep running (kubectl rollout pause)',
  resumeTitle: 'Let template changes roll out again (kubectl rollout resume)',
})
const SCHEDULE_HOLD = (name: string) => ({
  field: 'suspend', what: `Schedule of ${name}`, whatInFailure: `the schedule of ${name}`, held: 'suspended', holding: 'Suspending', hold: 'Suspend schedule', resume: 'Resume schedule',
  holdTitle: 'Start no more Jobs on the schedule until resumed; running Jobs go on (spec.suspend: true)',
  resumeTitle: 'Start Jobs on the schedule again (spec.suspend: false)',
})

export interface Permission {
  allowed: boolean
  reason?: string
  /** The cluster said no (not: still checking): the reason is worth showing, not only hovering. */
  denied?: boolean
}

/** An answer (or its absence) as an enabled flag and the tooltip that says why not. */
export function permission(answer: AccessAnswer | undefined, state: 'pending' | 'error' | 'success', what: string): Permission {
  if (state === 'pending') return { allowed: false, reason: 'Checking your permissions…' }
  if (state === 'error' || !answer) return { allowed: true, reason: 'Permissions could not be checked; the cluster will decide' }
  if (answer.allowed) return { allowed: true }
  return { allowed: false, denied: true, reason: `Your role doesn't allow ${what} here${answer.reason ? `: ${answer.reason}` : ''}` }
}

/**
 * One button of the row: the permission it needs, the words it shows (and names a refusal by), what it
 * does. One list of these draws the buttons and counts the refusals under them, so a button is never
 * drawn and not counted, or counted and not drawn: apply (the YAML tab), rollback (History) and debug
 * (Exec) are refused where their own button is, and are not here ("Why 6 actions are unavailable" stood
 * under 4 buttons); Cordon's permission guards two buttons, Cordon and Drain, counted twice as drawn.
 */
interface ActionButton {
  needs: ActionName
  label: string
  icon: LucideIcon
  /** What the button does, on hover; a refused button's hover says why instead (its Gate's title). */
  title?: string
  /** It opens a form or dialog of its own first ("Drain…"): the refusal names it without the dots. */
  opensForm?: boolean
  danger?: boolean
  onClick: () => void
  /** Its form gives the focus back to it when it closes (Scale's, which is inline, not a modal dialog). */
  takesFocusBack?: boolean
}

function Gate({ p, children }: { p: Permission; children: (disabled: boolean) => ReactNode }) {
  return <span title={p.allowed ? undefined : p.reason}>{children(!p.allowed)}</span>
}

export function ObjectActions({ kind, namespace, name, object, perms, onDeleted }: {
  kind: KindRef
  namespace: string | undefined
  name: string
  object: KubeObject | undefined
  perms: Partial<Record<ActionName, Permission>>
  onDeleted: () => void
}) {
  const [dialog, setDialog] = useState<null | 'delete' | 'scale' | 'drain'>(null)
  const scaleButton = useRef<HTMLButtonElement>(null)
  // The Scale form goes away with the focus in it, whether it was cancelled or submitted (Enter in the count):
  // give the focus back to the button that opened it, or it falls to the page's body.
  const giveFocusBackToScale = () => requestAnimationFrame(() => scaleButton.current?.focus())
  // Read when the Scale form opens (the Summary has usually read it already): a scale an autoscaler undoes needs saying.
  const autoscaler = useAutoscalerOf(kind, dialog === 'scale' ? namespace : undefined, name)
  const [revealed, setRevealed] = useState<Record<string, string> | null>(null)
  const action = useResourceAction(kind.cluster, ({ call }: { label: string; failure: string; call: () => Promise<unknown> }) => call())
  // label says what was done; failure what could not be ("Eviction of x failed", not "... requested failed").
  const cordoned = object?.spec?.unschedulable === true
  // The pause action holds a Deployment's rollouts, or a CronJob's schedule (its suspend switch).
  const hold = kind.plural === 'cronjobs' ? SCHEDULE_HOLD(name) : ROLLOUT_HOLD(name)
  const held = object?.spec?.[hold.field] === true
  // An action's answer is the object as the apiserver stored it: the pane shows at least that from now on (a floor no
  // older copy, from a lagging read or a replayed event, goes below).
  const remember = useRememberObject(kind, namespace, name)
  // `after` (a deleted object's pane closing) runs once the apiserver has answered. As the mutation's onSuccess it waited
  // for the refresh (every list of the cluster read again), and the pane went on showing the deleted pod meanwhile.
  const run = (label: string, failure: string, call: () => Promise<unknown>, after?: () => void) =>
    action.mutate({ label, failure, call: async () => {
      const answer = await call()
      remember(answer)
      after?.()
      return answer
    } })
  // An action that changes the cluster is said (what, where) and confirmed before it runs: one slip of the mouse is not a restart in prod.
  const [asking, setAsking] = useState<null | { title: string; confirmLabel: string; body: ReactNode; label: string; failure: string; call: () => Promise<unknown> }>(null)
  // Said in every confirmation and form: which cluster (and environment), namespace and object.
  const target = <ActionTarget cluster={kind.cluster} namespace={namespace} kind={object?.kind ?? kind.plural} name={name} />

  const ask = (a: NonNullable<typeof asking>) => () => setAsking(a)
  const table: ActionButton[] = [
    { needs: 'scale', label: 'Scale', icon: Scaling, onClick: () => setDialog('scale'), takesFocusBack: true },
    { needs: 'restart', label: 'Restart', icon: RotateCcw, onClick: ask({
      title: `Restart ${name}?`, confirmLabel: 'Restart', label: 'Rollout restart requested', failure: 'Rollout restart failed',
      call: () => resourcesApi.restart(kind, namespace, name),
      body: 'Every pod is replaced, a few at a time as the rollout strategy allows (kubectl rollout restart). Pods that cannot start again stay down.',
    }) },
    { needs: 'pause', label: held ? hold.resume : hold.hold, icon: held ? CirclePlay : CirclePause, title: held ? hold.resumeTitle : hold.holdTitle, onClick: ask({
      title: `${held ? hold.resume : hold.hold} of ${name}?`, confirmLabel: held ? hold.resume : hold.hold,
      label: `${hold.what} ${held ? 'resumed' : hold.held}`, failure: `${held ? 'Resuming' : hold.holding} ${hold.whatInFailure} failed`,
      call: () => resourcesApi.pause(kind, namespace, name, !held), body: `${held ? hold.resumeTitle : hold.holdTitle}.`,
    }) },
    { needs: 'trigger', label: 'Trigger now', icon: Play, onClick: ask({
      title: `Run ${name} now?`, confirmLabel: 'Trigger now', label: 'Job created from the CronJob', failure: 'Creating a Job from the CronJob failed',
      call: () => resourcesApi.trigger(kind, namespace, name),
      body: 'A Job is created from its template at once, outside the schedule (kubectl create job --from=cronjob). It runs whatever the job does, even if a scheduled run is due soon.',
    }) },
    { needs: 'reveal', label: revealed ? 'Hide values' : 'Reveal values', icon: Eye, onClick: () =>
      revealed
        ? setRevealed(null)
        : run('Secret revealed (audited)', 'Revealing the Secret failed', async () => setRevealed((await resourcesApi.reveal(kind, namespace, name)).data)) },
    { needs: 'evict', label: 'Evict', icon: DoorOpen, title: 'Evict through the eviction API: PodDisruptionBudgets are respected', onClick: ask({
      title: `Evict ${name}?`, confirmLabel: 'Evict', label: `Eviction of ${name} requested`, failure: `Eviction of ${name} failed`,
      call: () => resourcesApi.evict(kind, namespace, name),
      body: 'The pod is stopped through the eviction API: refused if a PodDisruptionBudget allows no disruption now. Its controller, if it has one, starts a replacement elsewhere; a pod without one is gone.',
    }) },
    { needs: 'cordon', label: cordoned ? 'Uncordon' : 'Cordon', icon: cordoned ? CirclePlay : Ban,
      title: cordoned ? 'Let the scheduler place new pods on this node again' : 'Stop the scheduler placing new pods on this node; the pods on it keep running',
      onClick: ask({
        title: `${cordoned ? 'Uncordon' : 'Cordon'} ${name}?`, confirmLabel: cordoned ? 'Uncordon' : 'Cordon',
        label: `${name} ${cordoned ? 'uncordoned' : 'cordoned'}`, failure: `${cordoned ? 'Uncordoning' : 'Cordoning'} ${name} failed`,
        call: () => resourcesApi.cordon(kind, name, !cordoned),
        body: cordoned ? 'The scheduler may place new pods on this node again.' : 'The scheduler places no new pods on this node; the pods on it keep running (kubectl cordon).',
      }) },
    { needs: 'cordon', label: 'Drain', icon: LogOut, opensForm: true, title: 'Cordon the node and evict its pods (kubectl drain), PodDisruptionBudgets respected',
      onClick: () => setDialog('drain') },
    { needs: 'delete', label: 'Delete', icon: Trash2, danger: true, onClick: () => setDialog('delete') },
  ]
  // The buttons the kind offers (discovery's actions, each with its pre-flight answer), in the table's order.
  // Keyed by place in the table, not by label: Pause turning into Resume is the same button, and keeps the focus.
  const shown = table.flatMap((b, place) => {
    const p = perms[b.needs]
    return p ? [{ b, p, place }] : []
  })

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        {shown.map(({ b, p, place }) => (
          <Gate key={place} p={p}>
            {(d) => (
              <Button size="sm" variant={b.danger ? 'danger' : 'secondary'} disabled={d} title={d ? undefined : b.title} onClick={b.onClick} ref={b.takesFocusBack ? scaleButton : undefined}>
                <b.icon size={14} aria-hidden="true" /> {b.label}{b.opensForm && '…'}
              </Button>
            )}
          </Gate>
        ))}
      </div>
      <RefusedActions perms={shown.map(({ b, p }) => ({ ...p, action: b.label }))} />

      {dialog === 'delete' && (
        <DeleteConfirm
          name={name}
          target={target}
          pod={kind.group === 'core' && kind.plural === 'pods'}
          terminatingSince={deletionRequestedAt(object?.metadata)}
          onCancel={() => setDialog(null)}
          onConfirm={(force) => {
            setDialog(null)
            run(force ? `Forced deletion of ${name} requested` : `Deletion of ${name} requested`, `Deletion of ${name} failed`,
              () => resourcesApi.remove(kind, namespace, name, force), onDeleted)
          }}
        />
      )}
      {asking && (
        <ActionConfirm title={asking.title} confirmLabel={asking.confirmLabel}
          cluster={kind.cluster}
          target={target}
          onCancel={() => setAsking(null)}
          onConfirm={() => {
            setAsking(null)
            run(asking.label, asking.failure, asking.call)
          }}>
          {asking.body}
        </ActionConfirm>
      )}
      {dialog === 'drain' && <DrainDialog kind={kind} name={name} onClose={() => setDialog(null)} />}
      {dialog === 'scale' && (
        <ScaleForm
          target={target}
          current={Number((object?.spec as { replicas?: number } | undefined)?.replicas ?? 1)}
          autoscaler={autoscaler}
          onCancel={() => {
            setDialog(null)
            giveFocusBackToScale()
          }}
          onScale={(n) => {
            setDialog(null)
            giveFocusBackToScale()
            run(`Scaled to ${n}`, `Scaling to ${n} failed`, () => resourcesApi.scale(kind, namespace, name, n))
          }}
        />
      )}
      {action.isSuccess && (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
          {action.variables.label}.
        </p>
      )}
      {action.isError && <ErrorState error={action.error} title={action.variables.failure} />}
      {revealed && (
        <dl aria-label="Secret values" className="grid grid-cols-[minmax(6rem,auto)_1fr] gap-x-3 gap-y-1 rounded-md border border-amber-300 bg-amber-50 p-3 text-xs dark:border-amber-800 dark:bg-amber-950/40">
          {Object.entries(revealed).map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="font-mono font-semibold">{k}</dt>
              <dd className="font-mono break-all whitespace-pre-wrap select-all">{decode(v)}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  )
}

function decode(b64: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)))
  } catch {
    return `(binary, base64) ${b64}`
  }
}

/**
 * Typing the object's name enables Delete (see {@link ConfirmDialog}). A pod can be deleted with
 * force (`kubectl delete --grace-period=0 --force`): offered for every pod, suggested for one that
 * is already terminating, since that is the way out for a pod whose node is gone.
 */
export function DeleteConfirm({ name, target, pod = false, terminatingSince, onCancel, onConfirm }: {
  name: string
  /** Where the object lives (cluster, environment, namespace), said above everything else. */
  target?: ReactNode
  pod?: boolean
  terminatingSince?: string
  onCancel: () => void
  onConfirm: (force: boolean) => void
}) {
  const [force, setForce] = useState(false)
  const now = useNow(30_000)
  return (
    <ConfirmDialog title={`Delete ${name}?`} label={`Delete ${name}`} phrase={name} action="delete it" confirmLabel={force ? 'Force delete' : 'Delete'}
      onCancel={onCancel} onConfirm={() => onConfirm(pod && force)}>
      {target}
      {pod && (
        <>
          {terminatingSince && (
            <p>
              This pod has been terminating for {formatAge(terminatingSince, now)} (since {formatTime(terminatingSince)}): its
              kubelet has not confirmed that the containers stopped. If its node is gone or unreachable, it never will, and only a forced
              deletion removes the pod.
            </p>
          )}
          <label className="flex items-start gap-2">
            <input type="checkbox" className="mt-1" checked={force} onChange={(e) => setForce(e.target.checked)} />
            <span>
              Force: skip graceful termination (grace period 0). The pod leaves the API at once, without waiting for its node to confirm;
              its containers may keep running there if the node comes back.
            </span>
          </label>
        </>
      )}
    </ConfirmDialog>
  )
}

function ScaleForm({ target, current, autoscaler, onCancel, onScale }: {
  target: ReactNode
  current: number
  autoscaler: KubeObject | undefined
  onCancel: () => void
  onScale: (n: number) => void
}) {
  const [n, setN] = useState(String(current))
  const valid = /^\d+$/.test(n) && Number(n) <= 100_000
  const bounds = autoscaler && autoscalerFactsOf(autoscaler)
  return (
    <form
      aria-label="Scale"
      onSubmit={(e) => {
        e.preventDefault()
        if (valid) onScale(Number(n))
      }}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return
        // Escape closes this form only: the detail pane around it closes on Escape too.
        e.stopPropagation()
        onCancel()
      }}
      className="flex flex-wrap items-end gap-2 rounded-md border border-slate-200 p-3 text-sm dark:border-slate-700"
    >
      <div className="w-full">{target}</div>
      {bounds && autoscaler && (
        <p role="note" className="w-full text-amber-800 dark:text-amber-300">
          HorizontalPodAutoscaler <span className="font-mono">{autoscaler.metadata.name}</span> sets this count ({bounds.min}–{bounds.max}
          {bounds.metrics.length > 0 && ` on ${metricsLine(bounds.metrics)}`}): at its next check, within seconds, it scales back to what its
          metrics ask for. To change the range, edit the autoscaler.
        </p>
      )}
      <label className="flex flex-col gap-1">
        Replicas (now {current})
        <Input autoFocus type="number" min={0} max={100000} value={n} onChange={(e) => setN(e.target.value)} className="w-28" />
      </label>
      <Button size="sm" type="submit" variant="primary" disabled={!valid}>
        Scale
      </Button>
      <Button size="sm" variant="ghost" onClick={onCancel}>
        Cancel
      </Button>
    </form>
  )
}
