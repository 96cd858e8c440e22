import type { ReactNode } from 'react'
import { ApiError } from '../../api/client'
import { ErrorState, Spinner } from '../../ui'
import { useWhoAmI } from './hooks'

/**
 * Renders the app only for a signed-in user. A 401 from whoami has already sent the window to
 * the login route (see apiFetch); meanwhile this shows where we are going.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const { data, error, isPending, refetch } = useWhoAmI()
  if (data) return <>{children}</>
  const center = 'flex min-h-screen items-center justify-center p-6'
  if (isPending) {
    return <div className={center}><Spinner label="Checking your session…" /></div>
  }
  if (error instanceof ApiError && error.isUnauthenticated) {
    return <div className={center}><Spinner label="Redirecting to sign in…" /></div>
  }
  return (
    <div className={center}>
      <div className="w-full max-w-lg">
        <ErrorState error={error} title="Could not load your session" onRetry={() => void refetch()} />
      </div>
    </div>
  )
}
