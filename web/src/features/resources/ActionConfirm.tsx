import { useEffect, useRef, type ReactNode } from 'react'
import { Badge, Button, ModalDialog } from '../../ui'
import { useClusters } from '../clusters/hooks'

/** An environment whose name says production: actions there are said louder. */
export const isProduction = (environment: string | undefined) => !!environment && /^prod/i.test(environment)

/**
 * Where an action lands, said before it runs: the cluster (with its environment, in red for
 * production), the namespace and the object, since the same names live in staging and in prod.
 */
export function ActionTarget({ cluster, namespace, kind, name }: { cluster: string; namespace: string | undefined; kind: string; name: string }) {
  const { data: clusters } = useClusters()
  const environment = clusters?.find((c) => c.name === cluster)?.environment
  return (
    <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm" data-testid="action-target">
      {/* The spaces between the parts are for screen readers and copied text: flex gaps space them on screen. */}
      <span className="text-slate-500 dark:text-slate-400">on</span>{' '}
      <strong className="font-mono">{cluster}</strong>{' '}
      {environment && <><Badge tone={isProduction(environment) ? 'danger' : 'neutral'}>{environment}</Badge>{' '}</>}
      {namespace && (
        <>
          <span className="text-slate-500 dark:text-slate-400">namespace</span>{' '}
          <strong className="font-mono">{namespace}</strong>{' '}
        </>
      )}
      <span className="text-slate-500 dark:text-slate-400">{kind}</span>{' '}
      <strong className="font-mono">{name}</strong>
    </p>
  )
}

/**
 * A one-step confirmation for an action that changes the cluster but needs no typed name (restart,
 * evict, cordon, pause, trigger): what it does and where. The confirm button is focused so Enter
 * runs it, except on production, where Cancel is: two Enters while tabbing through the actions must
 * not restart a production Deployment. Escape cancels.
 */
export function ActionConfirm({ title, confirmLabel, cluster, target, onCancel, onConfirm, children }: {
  title: string
  confirmLabel: string
  cluster: string
  target: ReactNode
  onCancel: () => void
  onConfirm: () => void
  children: ReactNode
}) {
  const { data: clusters } = useClusters()
  const production = isProduction(clusters?.find((c) => c.name === cluster)?.environment)
  const cancel = useRef<HTMLButtonElement>(null)
  const confirm = useRef<HTMLButtonElement>(null)
  // The cluster list may arrive after the dialog opened with the confirm button focused.
  useEffect(() => {
    if (production && document.activeElement === confirm.current) cancel.current?.focus()
  }, [production])
  return (
    <ModalDialog label={title} onClose={onCancel} className="w-[32rem]">
      <form
        className="space-y-3 p-4 text-slate-700 dark:text-slate-300"
        onSubmit={(e) => {
          e.preventDefault()
          onConfirm()
        }}
      >
        <h2 className="text-base font-semibold text-slate-900 dark:text-slate-100">{title}</h2>
        {target}
        <div className="text-sm">{children}</div>
        <div className="flex justify-end gap-2">
          {production && <span className="mr-auto self-center text-xs text-slate-500 dark:text-slate-400">Production: Tab to {confirmLabel}, then Enter</span>}
          <Button ref={cancel} size="sm" variant="ghost" onClick={onCancel} data-autofocus={production || undefined}>
            Cancel
          </Button>
          <Button ref={confirm} size="sm" type="submit" variant="primary" data-autofocus={!production || undefined}>
            {confirmLabel}
          </Button>
        </div>
      </form>
    </ModalDialog>
  )
}
