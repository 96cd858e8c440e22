import { lazy, Suspense, useId, useState } from 'react'
import { ApiError } from '../../api/client'
import { Button, ErrorState, RefusedActions, Spinner } from '../../ui'
import { useTheme } from '../theme/ThemeProvider'
import { resourcesApi, type ApplyConflict, type DryRunResult, type KindRef } from './api'
import { ConflictList, DiffList } from './DiffList'
import { useObjectYaml, useResourceAction } from './hooks'
import { kindOf, resourceVersionOf, withResourceVersion } from './resourceVersionEdit'

const YamlEditor = lazy(() => import('./YamlEditor'))

type Step =
  | { kind: 'view' }
  | { kind: 'edit' }
  | { kind: 'busy'; what: string }
  /** `force`: the dry run took the fields other managers own, and so will the apply. */
  | { kind: 'diff'; result: DryRunResult; force: boolean }
  /** `during`: a dry run's conflict is forced by a dry run first (the diff before anything changes); an apply's by the apply. */
  | { kind: 'conflict'; conflicts: ApplyConflict[]; message: string; during: 'dry run' | 'apply' }
  /** 409 `object_changed`: written by someone else since it was read; force cannot help, a fresh read can. */
  | { kind: 'changed'; message: string }
  | { kind: 'applied' }
  | { kind: 'error'; error: unknown; back: 'edit' | 'diff'; result?: DryRunResult }

/**
 * YAML (no managedFields) → Edit → Dry run (diff) → Apply. A 409, from the dry run or the apply, is one
 * of two: fields other managers own (listed; a dry run's with "Dry run with force", whose diff then applies
 * with force, an apply's with Force apply), or the object changed since it was read
 * (re-apply the edit onto the latest, dry-run first, or discard it). The person's edit is kept until they discard it.
 */
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
  const changedTitle = useId()
  const text = draft ?? yaml.data ?? ''
  const editing = step.kind !== 'view' && step.kind !== 'applied'

  const dryRun = async (manifest: string = text, force = false) => {
    setStep({ kind: 'busy', what: force ? 'Dry run with force…' : 'Dry run…' })
    try {
      setStep({ kind: 'diff', result: await resourcesApi.dryRun(kind, namespace, name, manifest, force), force })
    } catch (e) {
      // A dry run meets the same conflicts as the apply would (an autoscaler's replicas, say): the same owners, and a forced dry run to see first.
      if (isObjectChanged(e)) setStep({ kind: 'changed', message: e.message })
      else if (isFieldConflict(e)) setStep({ kind: 'conflict', conflicts: e.details.conflicts as ApplyConflict[], message: e.message, during: 'dry run' })
      else setStep({ kind: 'error', error: e, back: 'edit' })
    }
  }
  /**
   * Reads the object again and puts its live resourceVersion into the person's edit (the rest of
   * the edit as they left it), then dry-runs that so they see the diff against the latest before
   * applying. An edit that was never changed simply becomes the latest.
   */
  const reapplyOntoLatest = async () => {
    setStep({ kind: 'busy', what: 'Reading the latest…' })
    try {
      const latest = (await yaml.refetch({ throwOnError: true })).data ?? ''
      const rebased = draft === null ? latest : withResourceVersion(draft, resourceVersionOf(latest))
      if (draft !== null) setDraft(rebased)
      await dryRun(rebased)
    } catch (e) {
      setStep({ kind: 'error', error: e, back: 'edit' })
    }
  }
  const discardAndReload = async () => {
    setDraft(null)
    setStep({ kind: 'view' })
    await yaml.refetch()
  }
  const apply = async (force: boolean) => {
    setStep({ kind: 'busy', what: force ? 'Force applying…' : 'Applying…' })
    try {
      await applyAction.mutateAsync({ manifest: text, force })
      setDraft(null)
      setStep({ kind: 'applied' })
    } catch (e) {
      if (isObjectChanged(e)) setStep({ kind: 'changed', message: e.message })
      else if (isFieldConflict(e)) setStep({ kind: 'conflict', conflicts: e.details.conflicts as ApplyConflict[], message: e.message, during: 'apply' })
      else setStep({ kind: 'error', error: e, back: 'diff' })
    }
  }

  if (yaml.error) return <ErrorState error={yaml.error} title="Could not load the YAML" onRetry={() => void yaml.refetch()} />
  return (
    <div className="flex h-full min-h-0 flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2">
        {!editing ? (
          <>
            <Button size="sm" disabled={!canApply.allowed || !yaml.data} onClick={() => setStep({ kind: 'edit' })}
              title={canApply.allowed ? undefined : canApply.reason}>
              Edit
            </Button>
            {/* said beside the button too: a disabled button takes no focus, so its tooltip reaches no keyboard or screen reader */}
            {!canApply.allowed && <RefusedActions perms={[{ denied: true, reason: canApply.reason ?? 'Your role does not allow applying changes to this object' }]} />}
          </>
        ) : (
          <>
            <Button size="sm" variant={step.kind === 'diff' ? 'secondary' : 'primary'} disabled={step.kind === 'busy'} onClick={() => void dryRun()}>
              Dry run
            </Button>
            {step.kind === 'diff' && (
              // A dry run that changes nothing left Apply as the page's primary button, beside "applying would leave the object
              // as it is": disabled then. Force apply stays: taking the fields of other managers is a change the diff does not list.
              <Button size="sm" variant={step.force ? 'danger' : 'primary'} onClick={() => void apply(step.force)}
                disabled={!step.force && step.result.changes.length === 0}
                title={!step.force && step.result.changes.length === 0 ? 'Nothing to apply: the dry run found no change. Edit the YAML, then dry-run again.' : undefined}>
                {step.force ? 'Force apply' : 'Apply'}
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
          {step.force && (
            <p className="mb-1 text-xs text-amber-800 dark:text-amber-300">
              With force: applying takes the fields other managers own. A controller that keeps one (an autoscaler&apos;s replicas) may set it again.
            </p>
          )}
          <DiffList changes={step.result.changes} />
        </section>
      )}
      {step.kind === 'conflict' && (
        <section role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950/40">
          <h3 className="font-semibold text-amber-900 dark:text-amber-200">Other field managers own these fields</h3>
          <p className="mb-2 text-amber-800 dark:text-amber-300">{step.message}</p>
          <ConflictList conflicts={step.conflicts} />
          <div className="mt-3 flex gap-2">
            {step.during === 'dry run' ? (
              <Button size="sm" variant="danger" onClick={() => void dryRun(text, true)}>
                Dry run with force
              </Button>
            ) : (
              <Button size="sm" variant="danger" onClick={() => void apply(true)}>
                Force apply
              </Button>
            )}
            <Button size="sm" variant="ghost" onClick={() => setStep({ kind: 'edit' })}>
              Back to editing
            </Button>
          </div>
        </section>
      )}
      {step.kind === 'changed' && (
        <section role="alert" aria-labelledby={changedTitle}
          className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950/40">
          <h3 id={changedTitle} className="font-semibold text-amber-900 dark:text-amber-200">
            {kindOf(yaml.data ?? text) ?? kind.plural} {name} changed since you opened it
          </h3>
          <p className="mt-1 text-amber-800 dark:text-amber-300">
            It was written after you opened it (by someone else, or by a controller), so nothing was applied. Your edit is kept below.
            Re-applying reads the latest version and puts your edit on it, every field as your edit has it, then shows a new dry
            run before anything is applied: where that undoes the other change, the dry run shows it.
          </p>
          <p className="mt-1 break-words text-xs text-amber-800/80 dark:text-amber-300/80">{step.message}</p>
          <div className="mt-3 flex flex-wrap gap-2">
            {/* The Apply button the person pressed is gone: the focus goes to the way on, which only dry-runs. */}
            <Button size="sm" variant="primary" autoFocus onClick={() => void reapplyOntoLatest()}>
              Re-apply onto the latest
            </Button>
            <Button size="sm" variant="ghost" onClick={() => void discardAndReload()}>
              Discard my edit and reload
            </Button>
          </div>
        </section>
      )}
      {step.kind === 'error' && (
        <div className="space-y-2">
          <ErrorState error={step.error} title={step.back === 'edit' ? 'Dry run failed' : 'Apply failed'} />
          <Button size="sm" variant="ghost" onClick={() => setStep({ kind: 'edit' })}>
            Back to editing
          </Button>
        </div>
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
                // Editing answers a dry run's result or its error (a 422 has no Try again: the YAML is what changes).
                if (step.kind === 'diff' || step.kind === 'error') setStep({ kind: 'edit' })
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

function isObjectChanged(e: unknown): e is ApiError {
  return e instanceof ApiError && e.code === 'object_changed'
}

/** 409 `apply_conflict`: fields other managers own, listed in `conflicts`. */
function isFieldConflict(e: unknown): e is ApiError {
  return e instanceof ApiError && e.status === 409 && Array.isArray(e.details.conflicts)
}
