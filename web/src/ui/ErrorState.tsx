import { AlertTriangle, Lock } from 'lucide-react'
import { ApiError } from '../api/client'
import { Button } from './Button'
import { ForbiddenExplainer } from './DenialExplainer'

/**
 * Shows an error's message and, for server errors, its requestId so it can be found in the logs;
 * under an apiserver refusal, the grant to ask a cluster admin for.
 */
export function ErrorState({ error, title, onRetry }: {
  error: unknown
  title?: string
  onRetry?: () => void
}) {
  const api = error instanceof ApiError ? error : null
  const forbidden = api?.isForbidden ?? false
  // A 4xx is the server's final word (no such cluster, a bad name): Try again would ask the same question.
  const final = api?.isFinal ?? false
  const message = error instanceof Error ? error.message : String(error)
  const heading = title ?? (forbidden ? 'You do not have access' : 'Something went wrong')
  const alert = (
    <div
      role="alert"
      className="flex gap-3 rounded-lg border border-red-200 bg-red-50 p-4 text-sm dark:border-red-900 dark:bg-red-950/40"
    >
      <div className="mt-0.5 text-red-600 dark:text-red-400" aria-hidden="true">
        {forbidden ? <Lock size={18} /> : <AlertTriangle size={18} />}
      </div>
      <div className="min-w-0 flex-1">
        <h2 className="font-semibold text-red-900 dark:text-red-200">{heading}</h2>
        <p className="mt-1 break-words text-red-800 dark:text-red-300">{message}</p>
        {api && (
          <p className="mt-2 font-mono text-xs text-red-700/80 dark:text-red-300/70">
            {api.code}
            {api.status > 0 && ` · HTTP ${api.status}`}
            {api.requestId && <> · requestId <span className="select-all">{api.requestId}</span></>}
          </p>
        )}
        {onRetry && !final && (
          <Button size="sm" className="mt-3" onClick={onRetry}>
            Try again
          </Button>
        )}
      </div>
    </div>
  )
  // The explanation stays outside the alert: a screen reader announces the refusal, not the YAML.
  return forbidden ? <div>{alert}<ForbiddenExplainer error={error} /></div> : alert
}
