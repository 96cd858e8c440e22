import { focusRing } from './Button'
import { cx } from './cx'

type Refusable = { denied?: boolean; reason?: string; action?: string } | undefined

/**
 * Why the disabled actions are disabled, readable without a mouse: a disabled button takes no focus,
 * so its tooltip never reaches a keyboard or screen-reader user. The count is of the refused entries
 * (one per button: Cordon and Drain share one refusal but are two buttons); each reason is said once,
 * after the buttons it disables when they are named (`action`).
 */
export function RefusedActions({ perms }: { perms: Refusable[] }) {
  const refused = perms.filter((p) => p?.denied && p.reason).map((p) => p!)
  if (refused.length === 0) return null
  const byReason = new Map<string, string[]>()
  for (const p of refused) byReason.set(p.reason!, [...(byReason.get(p.reason!) ?? []), ...(p.action ? [p.action] : [])])
  return (
    <details className="text-xs text-slate-600 dark:text-slate-400" data-testid="refused-actions">
      <summary className={cx('cursor-pointer rounded', focusRing)}>
        Why {refused.length === 1 ? 'an action is' : `${refused.length} actions are`} unavailable
      </summary>
      <ul className="mt-1 list-disc space-y-0.5 pl-5">
        {[...byReason].map(([reason, actions]) => (
          <li key={reason} className="break-words">
            {actions.length > 0 && <span className="font-medium text-slate-700 dark:text-slate-300">{actions.join(', ')}: </span>}
            {reason}
          </li>
        ))}
      </ul>
    </details>
  )
}
