import { focusRing } from './Button'
import { cx } from './cx'

/**
 * Why the disabled actions are disabled, readable without a mouse: a disabled button takes no focus,
 * so its tooltip never reaches a keyboard or screen-reader user.
 */
export function RefusedActions({ perms }: { perms: ({ denied?: boolean; reason?: string } | undefined)[] }) {
  const reasons = [...new Set(perms.filter((p) => p?.denied && p.reason).map((p) => p!.reason!))]
  if (reasons.length === 0) return null
  return (
    <details className="text-xs text-slate-600 dark:text-slate-400" data-testid="refused-actions">
      <summary className={cx('cursor-pointer rounded', focusRing)}>
        Why {reasons.length === 1 ? 'an action is' : `${reasons.length} actions are`} unavailable
      </summary>
      <ul className="mt-1 list-disc space-y-0.5 pl-5">
        {reasons.map((r) => (
          <li key={r} className="break-words">{r}</li>
        ))}
      </ul>
    </details>
  )
}

