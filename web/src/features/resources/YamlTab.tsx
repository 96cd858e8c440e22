import { lazy, Suspense, useState } from 'react'
import { ApiError } from '../../api/client'
import { Button, ErrorState, Spinner } from '../../ui'
import { useTheme } from '../theme/ThemeProvider'
import { resourcesApi, type ApplyConflict, type DryRunResult, type KindRef } from './api'
import { ConflictList, DiffList } from './DiffList'
import { useObjectYaml, useResourceAction } from './hooks'

const YamlEditor = lazy(() => import('./YamlEditor'))

type Step =
  | { kind: 'view' }
  | { kind: 'edit' }
  | { kind: 'busy'; what: string }
  | { kind: 'diff'; result: DryRunResult }
  | { kind: 'conflict'; conflicts: ApplyConflict[]; message: string }
  | { kind: 'applied' }
  | { kind: 'error'; error: unknown; back: 'edit' | 'diff'; result?: DryRunResult }

/** YAML (no managedFields) → Edit → Dry run (diff) → Apply → on 409, the conflicting fields and Force apply. */
export function YamlTab({ kind, namespace, name, canApply }: {
  kind: KindRef
  namespace: string | undefined
  name: string
  canApply: { allowed: boolean; reason?: string }
}) {
  const yaml = useObjectYaml(kind, namespace, name)
  const { theme } = useTheme()
  const applyAction = useResourceAction(kind.cluster, (a: { manifest: string; force: boolean }) => resourcesApi.apply(kind, namespace, name, a.manifest, a.force))
  const [draft, setDraft] = useState<string | null>(null)
  const [step, setStep] = useState<Step>({ kind: 'view' })
  const text = draft ?? yaml.data ?? ''
  const editing = step.kind !== 'view' && step.kind !== 'applied'

  const dryRun = async () => {
    setStep({ kind: 'busy', what: 'Dry run…' })
    try {
      setStep({ kind: 'diff', result: await resourcesApi.dryRun(kind, namespace, name, text) })
    } catch (e) {
      setStep({ kind: 'error', error: e, back: 'edit' })
    }
  }
  const apply = async (force: boolean) => {
    setStep({ kind: 'busy', what: force ? 'Force applying…' : 'Applying…' })
    try {
      await applyAction.mutateAsync({ manifest: text, force })
      setDraft(null)
      setStep({ kind: 'applied' })
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && Array.isArray(e.details.conflicts)) {
        setStep({ kind: 'conflict', conflicts: e.details.conflicts as ApplyConflict[], message: e.message })
      } else setStep({ kind: 'error', error: e, back: 'diff' })
    }
  }

  if (yaml.error) return <ErrorState error={yaml.error} title="Could not load the YAML" onRetry={() => void yaml.refetch()} />
  return (
    <div className="flex h-full min-h-0 flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2">
        {!editing ? (
          <span title={canApply.allowed ? undefined : canApply.reason}>
            <Button size="sm" disabled={!canApply.allowed || !yaml.data} onClick={() => setStep({ kind: 'edit' })}>
              Edit
            </Button>
          </span>
        ) : (
          <>
            <Button size="sm" variant={step.kind === 'diff' ? 'secondary' : 'primary'} disabled={step.kind === 'busy'} onClick={() => void dryRun()}>
              Dry run
            </Button>
            {step.kind === 'diff' && (
              <Button size="sm" variant="primary" onClick={() => void apply(false)}>
                Apply
              </Button>
            )}
            <Button
              size="sm"
              variant="ghost"
              onClick={() => {
                setDraft(null)
                setStep({ kind: 'view' })
              }}
            >
              Cancel
            </Button>
          </>
        )}
        {step.kind === 'busy' && <Spinner label={step.what} />}
        {step.kind === 'applied' && (
          <span role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
            Applied (field manager periscope).
          </span>
        )}
      </div>

      {step.kind === 'diff' && (
        <section aria-label="Dry-run result" className="max-h-72 overflow-auto">
          <h3 className="mb-1 text-sm font-semibold">
            Dry run: {step.result.changes.length} change{step.result.changes.length === 1 ? '' : 's'}
          </h3>
          <DiffList changes={step.result.changes} />
        </section>
      )}
      {step.kind === 'conflict' && (
        <section role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950/40">
          <h3 className="font-semibold text-amber-900 dark:text-amber-200">Other field managers own these fields</h3>
          <p className="mb-2 text-amber-800 dark:text-amber-300">{step.message}</p>
          <ConflictList conflicts={step.conflicts} />
          <div className="mt-3 flex gap-2">
            <Button size="sm" variant="danger" onClick={() => void apply(true)}>
              Force apply
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setStep({ kind: 'edit' })}>
              Back to editing
            </Button>
          </div>
        </section>
      )}
      {step.kind === 'error' && (
        <ErrorState error={step.error} title={step.back === 'edit' ? 'Dry run failed' : 'Apply failed'} onRetry={() => setStep({ kind: 'edit' })} />
      )}

      <div className="min-h-[16rem] flex-1 overflow-hidden rounded-md border border-slate-200 dark:border-slate-700">
        {yaml.isPending ? (
          <Spinner label="Loading YAML" className="p-3" />
        ) : (
          <Suspense fallback={<Spinner label="Loading editor" className="p-3" />}>
            <YamlEditor
              value={text}
              readOnly={!editing || step.kind === 'busy'}
              onChange={(v) => {
                setDraft(v)
                if (step.kind === 'diff') setStep({ kind: 'edit' })
              }}
              dark={theme === 'dark'}
              label={`YAML of ${name}`}
            />
          </Suspense>
        )}
      </div>
    </div>
  )
}
