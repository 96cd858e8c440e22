import { ShieldX } from 'lucide-react'
import { useSearchParams } from 'react-router'
import { Card, cx, focusRing } from '../../ui'
import { useDocumentTitle } from '../../lib/useDocumentTitle'

const link = cx('inline-flex h-8 items-center rounded-md border px-3 text-sm font-medium', focusRing)

/**
 * Where the server sends a browser whose sign-in the IdP accepted but Periscope refused: none of the
 * person's groups is in `auth.authorization.allowedGroups`. There is no session, so this page lives
 * outside the session gate and asks the server for nothing.
 */
export function AccessDeniedPage() {
  useDocumentTitle('No access')
  const [params] = useSearchParams()
  const who = params.get('as')
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-50 p-6 dark:bg-slate-950">
      <Card className="w-full max-w-lg p-6">
        <div className="flex gap-3">
          <ShieldX size={24} aria-hidden="true" className="mt-0.5 shrink-0 text-red-600 dark:text-red-400" />
          <div className="space-y-3 text-sm text-slate-700 dark:text-slate-300">
            <h1 className="text-lg font-semibold text-slate-900 dark:text-slate-100">You don&apos;t have access to Periscope</h1>
            <p>
              Your identity provider signed you in{who ? <> as <strong>{who}</strong></> : null}, but your account is not in a group
              that may use this Periscope.
            </p>
            <p>
              Ask your Periscope administrator to add one of your groups to <code>auth.authorization.allowedGroups</code>, or sign
              in with another account.
            </p>
            <div className="flex flex-wrap gap-2 pt-1">
              <a className={cx(link, 'border-slate-300 bg-white dark:border-slate-600 dark:bg-slate-800')} href="/api/auth/idp-logout">
                Sign out of the identity provider
              </a>
              <a className={cx(link, 'border-sky-600 bg-sky-600 text-white')} href="/api/auth/login">
                Try again
              </a>
            </div>
          </div>
        </div>
      </Card>
    </main>
  )
}
