import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react'
import { CheckCircle2, Plus, X } from 'lucide-react'
import { Button, ErrorState, ModalDialog, RefusedActions, Spinner } from '../../ui'
import { useTheme } from '../theme/ThemeProvider'
import { ActionTarget } from './ActionConfirm'
import { resourcesApi, type AccessAnswer, type DiscoveredKind, type KindRef, type KubeObject } from './api'
import { createdYaml, FORM_DEFAULT_NAMESPACE, manifestMeta, starterManifest } from './createModel'
import { useCanI, useNamespaces, useResourceAction } from './hooks'
import { rowKey } from './listModel'
import { rememberedNamespaces } from './rememberedNamespaces'

const YamlEditor = lazy(() => import('./YamlEditor'))

const core = (g: string) => (g === 'core' ? '' : g)

/** The access review for creating the kind in `namespace` (none for a cluster-scoped kind). */
function createCheck(kind: KindRef, namespace: string | undefined) {
  return { verb: 'create', group: core(kind.group), resource: kind.plural, ...(namespace ? { namespace } : {}) }
}

/** A refusal said in words, for under a disabled button (a tooltip never reaches a keyboard). */
function refusal(answer: AccessAnswer | undefined, what: string): AccessAnswer | undefined {
  return answer && !answer.allowed ? { ...answer, denied: true, reason: answer.reason || `Your role does not allow ${what}` } : undefined
}

/** Whether the person may create the kind from the list page, asked before the form opens. */
export interface CreateAccess {
  /** The kind can be created at all (discovery lists `create`). */
  offered: boolean
  /** The access reviews refused it, said in words; undefined while they are asked or when one allows it. */
  refused?: AccessAnswer
  /** Without a namespace filter: the namespace the form starts in (the first asked that allows it). */
  starterNamespace?: string
  /**
   * The access reviews are still out: Create waits for them, as the detail pane's actions do, rather than open a form a
   * read-only person could only get a 403 from (on a slow cluster the answer takes seconds).
   */
  checking?: boolean
}

/** The most access reviews one can-i request carries (the server's `AccessReviews.MAX_BATCH`). */
const MAX_CHECKS = 100

/**
 * The access reviews behind the list's **Create**: `create` in the namespace filter, or for a
 * cluster-scoped kind at all. Without a filter (All namespaces) a namespaced kind cannot be checked
 * as such, so it is asked where the form would start ({@link FORM_DEFAULT_NAMESPACE}), in the
 * namespaces the person worked in lately (at most twelve, remembered in this browser), then in the
 * cluster's other namespaces (when the person may list them), in one request of at most
 * {@link MAX_CHECKS}; Create is refused up front only when all refuse, and the form starts in the
 * first that allows it. When every namespace was asked, the refusal says it is allowed in none.
 */
export function useCreateAccess(kind: KindRef, meta: DiscoveredKind | undefined, namespace: string | undefined): CreateAccess {
  const offered = !!meta && meta.verbs.includes('create')
  const namespaced = !!meta?.namespaced
  const listAll = offered && namespaced && !namespace
  const all = useNamespaces(kind.cluster, listAll)
  const listed = listAll && all.isSuccess ? all.data : undefined
  // The list re-renders on every watch event: read the remembered namespaces (localStorage) only when the inputs change.
  const namespaces = useMemo<(string | undefined)[]>(() => (!offered || !namespaced ? [undefined] : namespace ? [namespace]
    : [...new Set([FORM_DEFAULT_NAMESPACE, ...rememberedNamespaces(kind.cluster), ...(listed ?? [])])].slice(0, MAX_CHECKS)),
  [offered, namespaced, namespace, kind.cluster, listed])
  // Asked once the namespace list settled (read or refused), so the checks do not change under the button.
  const settled = !listAll || !all.isPending
  const canI = useCanI(kind.cluster, offered && settled ? namespaces.map((ns) => createCheck(kind, ns)) : [])
  if (offered && (!settled || canI.isPending)) return { offered, checking: true }
  if (!offered || !canI.data) return { offered }
  const allowedAt = canI.data.findIndex((a) => a.allowed)
  if (allowedAt >= 0) return { offered, starterNamespace: namespace ? undefined : namespaces[allowedAt] }
  if (!meta.namespaced) return { offered, refused: refusal(canI.data[0], `creating ${meta.plural}`) }
  if (namespace) return { offered, refused: refusal(canI.data[0], `creating ${meta.plural} in namespace ${namespace}`) }
  if (listed && listed.every((ns) => namespaces.includes(ns))) {
    return { offered, refused: { allowed: false, denied: true, reason: `Your role does not allow creating ${meta.plural} in any namespace of ${kind.cluster}` } }
  }
  const others = namespaces.slice(1)
  return {
    offered,
    refused: {
      allowed: false,
      denied: true,
      reason: `Your role does not allow creating ${meta.plural} in namespace ${namespaces[0]}, where the form starts${others.length ? `, nor in ${others.join(', ')}` : ''}; choose a namespace where it does`,
    },
  }
}

/**
 * The list page's **Create** button: shown where the kind can be created; disabled, with the reason
 * said under it, when {@link useCreateAccess} refuses it.
 */
export function CreateButton({ meta, access, onOpen }: { meta: DiscoveredKind | undefined; access: CreateAccess; onOpen: () => void }) {
  if (!meta || !access.offered) return null
  const refused = access.refused
  return (
    <span className="flex flex-wrap items-center gap-2">
      <Button size="sm" variant="primary" disabled={!!refused || access.checking} onClick={onOpen} aria-keyshortcuts="c"
        title={refused ? refused.reason : access.checking ? 'Checking your permissions…' : `Create a ${meta.kind} from YAML, dry run first  ( c )`}>
        <Plus size={14} aria-hidden="true" />
        Create
      </Button>
      {refused && <RefusedActions perms={[refused]} />}
    </span>
  )
}

type Step =
  | { kind: 'edit' }
  | { kind: 'busy'; what: string }
  /** The apiserver's dry-run answer for exactly `text`: Create sends that text. */
  | { kind: 'checked'; text: string; result: KubeObject }
  | { kind: 'error'; error: unknown; during: 'dry run' | 'create' }

/**
 * Create an object from YAML: a starter for the kind in the editor, **Dry run** (the apiserver
 * validates and admits it, storing nothing, and answers what it would create), then **Create**
 * with the same text. Says the cluster (its environment, production in red) and the namespace it
 * lands in; the access review's refusal disables both with its reason; a refusal of the request
 * itself shows the grant to ask for. Escape closes, asking first when the starter was edited.
 */
export function CreateObjectDialog({ kind, meta, namespace, starterNamespace, onClose, onCreated }: {
  kind: KindRef
  meta: DiscoveredKind
  /** The list's namespace filter: the starter's namespace, and the one a manifest without any lands in. */
  namespace: string | undefined
  /** Without a filter, the starter's namespace ({@link useCreateAccess}); else `default`. */
  starterNamespace?: string
  onClose: () => void
  /** After a create: the new object's list selection (`namespace/name`) and its namespace. */
  onCreated: (selection: string, namespace: string | undefined) => void
}) {
  const { theme } = useTheme()
  const [starter] = useState(() => starterManifest(meta, namespace ?? starterNamespace))
  const [text, setText] = useState(starter)
  const [step, setStep] = useState<Step>({ kind: 'edit' })
  const [confirmDiscard, setConfirmDiscard] = useState(false)
  const keepEditing = useRef<HTMLButtonElement>(null)
  const create = useResourceAction(kind.cluster, (manifest: string) => resourcesApi.create(kind, queryNamespace(manifest), manifest, false))

  const read = manifestMeta(text)
  const target = meta.namespaced ? read.namespace ?? namespace : undefined
  const checkedNamespace = useSettled(target)
  const canI = useCanI(kind.cluster, [createCheck(kind, meta.namespaced ? checkedNamespace : undefined)])
  const refused = refusal(canI.data?.[0], `creating ${meta.plural}${checkedNamespace ? ` in namespace ${checkedNamespace}` : ''}`)
  const result = step.kind === 'checked' ? step.result : undefined
  const landsIn = meta.namespaced ? result?.metadata.namespace ?? target : undefined
  const name = result?.metadata.name ?? read.name ?? (read.generateName ? `${read.generateName}…` : '(no name)')
  const busy = step.kind === 'busy'

  /** The namespace to send as `?namespace=`: the filter's, only when the manifest names none. */
  function queryNamespace(manifest: string) {
    return meta.namespaced && !manifestMeta(manifest).namespace ? namespace : undefined
  }

  const dryRun = async () => {
    const sent = text
    setStep({ kind: 'busy', what: 'Dry run…' })
    try {
      setStep({ kind: 'checked', text: sent, result: await resourcesApi.create(kind, queryNamespace(sent), sent, true) })
    } catch (e) {
      setStep({ kind: 'error', error: e, during: 'dry run' })
    }
  }
  const createNow = async () => {
    if (step.kind !== 'checked') return
    const sent = step.text
    setStep({ kind: 'busy', what: 'Creating…' })
    try {
      const created = await create.mutateAsync(sent)
      const ns = meta.namespaced ? created.metadata?.namespace ?? step.result.metadata.namespace : undefined
      onCreated(rowKey(ns, created.metadata?.name ?? step.result.metadata.name), ns)
    } catch (e) {
      setStep({ kind: 'error', error: e, during: 'create' })
    }
  }
  const requestClose = () => {
    if (busy) return
    if (confirmDiscard) setConfirmDiscard(false)
    else if (text !== starter) setConfirmDiscard(true)
    else onClose()
  }
  useEffect(() => {
    if (confirmDiscard) keepEditing.current?.focus()
  }, [confirmDiscard])

  return (
    <ModalDialog label={`Create ${meta.kind}`} onClose={requestClose} className="flex h-[min(52rem,calc(100vh-2rem))] w-[60rem] flex-col">
      <div className="flex min-h-0 flex-1 flex-col gap-3 p-4 text-slate-700 dark:text-slate-300">
        <div className="flex items-start justify-between gap-3">
          <div className="min-w-0 space-y-1">
            <h2 className="text-base font-semibold text-slate-900 dark:text-slate-100">Create {meta.kind}</h2>
            <ActionTarget cluster={kind.cluster} namespace={landsIn} kind={meta.kind} name={name} />
          </div>
          <Button size="sm" variant="ghost" aria-label="Close" title="Close  ( Esc )" onClick={requestClose} disabled={busy}>
            <X size={16} aria-hidden="true" />
          </Button>
        </div>

        {confirmDiscard && (
          <div role="alertdialog" aria-label="Discard your edit?"
            className="flex flex-wrap items-center gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200">
            <span className="mr-auto">Discard your edit? Nothing was created.</span>
            <Button ref={keepEditing} size="sm" variant="ghost" onClick={() => setConfirmDiscard(false)}>
              Keep editing
            </Button>
            <Button size="sm" variant="danger" onClick={onClose}>
              Discard
            </Button>
          </div>
        )}

        <div className="flex flex-wrap items-center gap-2">
          <Button size="sm" variant={step.kind === 'checked' ? 'secondary' : 'primary'} disabled={busy || !!refused} onClick={() => void dryRun()}
            data-autofocus title="Ask the apiserver to validate and admit it without storing anything">
            Dry run
          </Button>
          <Button size="sm" variant="primary" disabled={step.kind !== 'checked' || !!refused} onClick={() => void createNow()}
            title={step.kind === 'checked' ? undefined : 'Dry run first: Create sends what the dry run checked'}>
            Create
          </Button>
          <Button size="sm" variant="ghost" disabled={busy} onClick={requestClose}>
            Cancel
          </Button>
          {busy && <Spinner label={step.what} />}
          {step.kind === 'edit' && !refused && <span className="text-xs text-slate-500 dark:text-slate-400">Dry run first; Create sends what it checked.</span>}
        </div>
        {refused && (
          <p role="status" data-testid="create-refused" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm break-words text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200">
            You cannot create {meta.plural} {checkedNamespace ? `in namespace ${checkedNamespace}` : 'here'}: {refused.reason}
          </p>
        )}

        {step.kind === 'checked' && (
          <section aria-label="Dry-run result" className="rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm dark:border-emerald-800 dark:bg-emerald-950/30">
            <p role="status" className="flex items-center gap-1.5 font-medium text-emerald-800 dark:text-emerald-300">
              <CheckCircle2 size={16} aria-hidden="true" />
              Dry run passed: the apiserver would create {meta.kind} {step.result.metadata.name}
              {step.result.metadata.namespace ? ` in namespace ${step.result.metadata.namespace}` : ''}. Nothing was stored.
            </p>
            <details className="mt-2">
              <summary className="cursor-pointer text-xs text-slate-600 dark:text-slate-400">What the apiserver would create (with its defaults)</summary>
              <pre data-testid="dry-run-object" className="mt-1 max-h-56 overflow-auto rounded bg-white p-2 font-mono text-xs text-slate-800 dark:bg-slate-900 dark:text-slate-200">
                {createdYaml(step.result)}
              </pre>
            </details>
          </section>
        )}
        {step.kind === 'error' && (
          <div className="max-h-[40%] shrink-0 overflow-auto">
            <ErrorState error={step.error} title={step.during === 'dry run' ? 'Dry run failed: nothing would be created' : 'Create failed'} />
          </div>
        )}

        <div className="min-h-[14rem] flex-1 overflow-hidden rounded-md border border-slate-200 dark:border-slate-700">
          <Suspense fallback={<Spinner label="Loading editor" className="p-3" />}>
            <YamlEditor
              value={text}
              readOnly={busy}
              onChange={(v) => {
                setText(v)
                if (step.kind !== 'edit' && step.kind !== 'busy') setStep({ kind: 'edit' })
              }}
              dark={theme === 'dark'}
              label={`YAML of the new ${meta.kind}`}
            />
          </Suspense>
        </div>
      </div>
    </ModalDialog>
  )
}

/** `value` once it has stayed the same for a moment: one access review per namespace typed, not per keystroke. */
function useSettled<T>(value: T, ms = 400): T {
  const [settled, setSettled] = useState(value)
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms)
    return () => clearTimeout(t)
  }, [value, ms])
  return settled
}
