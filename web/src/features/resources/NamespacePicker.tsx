import { useId, useState } from 'react'
import { ApiError } from '../../api/client'
import { Button, Input, Select } from '../../ui'
import { isNamespaceName, rememberedNamespaces } from './rememberedNamespaces'

interface Props {
  cluster: string
  /** The namespace chosen, or null for all namespaces. */
  value: string | null
  onChange: (namespace: string | null) => void
  /** The cluster's namespaces as the person may list them: data, or the error of a role that may not. */
  namespaces: { data?: string[]; error: Error | null }
}

/** Whether the person's role refused the namespace list (a RoleBinding in a few namespaces only). */
export const namespacesRefused = (error: Error | null) => error instanceof ApiError && error.isForbidden

/**
 * The namespace filter of a list: the cluster's namespaces when the person may list them; else a
 * field to type one, offering the namespaces this browser has opened on the cluster.
 */
export function NamespacePicker({ cluster, value, onChange, namespaces }: Props) {
  if (!namespacesRefused(namespaces.error)) {
    return (
      <Select value={value ?? ''} onChange={(e) => onChange(e.target.value || null)}>
        <option value="">All namespaces</option>
        {value && !namespaces.data?.includes(value) && <option value={value}>{namespaces.data ? `${value} (not on this cluster)` : value}</option>}
        {namespaces.data?.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </Select>
    )
  }
  // keyed by the value: a namespace chosen elsewhere (a link, Back) replaces what was typed
  return <TypedNamespace key={value ?? ''} cluster={cluster} value={value} onChange={onChange} />
}

/** A namespace typed by the person, committed on Enter, on leaving the field or on picking a remembered one. */
function TypedNamespace({ cluster, value, onChange }: Omit<Props, 'namespaces'>) {
  const listId = useId()
  const [draft, setDraft] = useState(value ?? '')
  // read again on focus: the list just opened is remembered after this field was drawn
  const [offered, setOffered] = useState(() => rememberedNamespaces(cluster))
  const typed = draft.trim()
  const valid = typed === '' || isNamespaceName(typed)
  const commit = () => valid && (typed || null) !== value && onChange(typed || null)
  return (
    <>
      <Input
        value={draft}
        list={listId}
        onChange={(e) => setDraft(e.target.value)}
        onFocus={() => setOffered(rememberedNamespaces(cluster))}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
        placeholder="type a namespace"
        aria-invalid={!valid}
        title="Your role may not list this cluster's namespaces: type one you work in (Enter)"
        className="w-44 font-mono"
        tone={valid ? 'neutral' : 'danger'}
      />
      <datalist id={listId}>
        {offered.map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
    </>
  )
}

/**
 * For the all-namespaces list a namespace-scoped role refuses: ask which namespace to open, with the
 * ones this browser has opened on the cluster as buttons.
 */
export function OpenNamespace({ cluster, onOpen }: { cluster: string; onOpen: (namespace: string) => void }) {
  const [draft, setDraft] = useState('')
  const remembered = rememberedNamespaces(cluster)
  const typed = draft.trim()
  const valid = isNamespaceName(typed)
  return (
    <form
      className="mx-auto mt-2 flex max-w-3xl flex-col items-center gap-2 text-sm text-slate-600 dark:text-slate-400"
      onSubmit={(e) => {
        e.preventDefault()
        if (valid) onOpen(typed)
      }}
    >
      <p>Your role may still allow it in the namespaces you work in: open one.</p>
      <div className="flex items-center gap-2">
        <label className="flex items-center gap-1.5">
          Namespace
          <Input
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            placeholder="payments"
            aria-invalid={typed !== '' && !valid}
            tone={typed === '' || valid ? 'neutral' : 'danger'}
            className="w-44 font-mono"
          />
        </label>
        <Button type="submit" variant="primary" disabled={!valid}>
          Open
        </Button>
      </div>
      {typed !== '' && !valid && <p className="text-xs text-red-700 dark:text-red-400">A namespace name is lower-case letters, digits and “-”, at most 63.</p>}
      {remembered.length > 0 && (
        <div className="flex flex-wrap items-center justify-center gap-1.5" aria-label="Namespaces you opened before">
          <span className="text-xs">Opened before:</span>
          {remembered.map((n) => (
            <Button key={n} type="button" variant="secondary" size="sm" className="font-mono" onClick={() => onOpen(n)}>
              {n}
            </Button>
          ))}
        </div>
      )}
    </form>
  )
}
