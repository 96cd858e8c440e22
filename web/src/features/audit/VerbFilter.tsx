import { Select } from '../../ui'
import { useAuditVerbs } from './hooks'

/** The select's value for `changes=true`; no verb's wire name has a colon. */
const CHANGES = ':changes'
const KIND_LABELS: Record<string, string> = { change: 'Changes', access: 'Privileged access', read: 'Reads', sign_in: 'Sign-in' }

/**
 * Any verb, the changes (writes and privileged access, so an add-on update's polling reads drop out), or one
 * verb, grouped by kind. Which verbs count as changes comes from the server (`GET /api/audit/verbs`).
 */
export function VerbFilter({ verb, changes, onChange }: {
  verb: string
  changes: boolean
  onChange: (patch: { verb: string; changes: boolean }) => void
}) {
  const kinds = useAuditVerbs().data?.kinds ?? []
  const shown = kinds.filter((k) => k.inChanges).flatMap((k) => k.verbs)
  const listed = kinds.some((k) => k.verbs.includes(verb))
  const hint = `Writes and privileged access${shown.length ? ` (${shown.join(', ')})` : ''}; reads and sign-ins are left out`
  return (
    <label className="flex flex-col gap-0.5 text-xs text-slate-600 dark:text-slate-400">
      Verb
      <Select
        value={changes ? CHANGES : verb}
        title={changes ? hint : undefined}
        onChange={(e) => onChange(e.target.value === CHANGES ? { verb: '', changes: true } : { verb: e.target.value, changes: false })}
      >
        <option value="">any</option>
        <option value={CHANGES} title={hint}>
          changes and access
        </option>
        {/* A verb from a link before the list has loaded (or one the server no longer knows) stays selectable. */}
        {verb && !listed && <option value={verb}>{verb}</option>}
        {kinds.map((k) => (
          <optgroup key={k.kind} label={KIND_LABELS[k.kind] ?? k.kind}>
            {k.verbs.map((v) => (
              <option key={v}>{v}</option>
            ))}
          </optgroup>
        ))}
      </Select>
    </label>
  )
}
