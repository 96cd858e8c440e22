import { Lock } from 'lucide-react'
import type { Capabilities } from './api'
import { formatClock } from '../../lib/time'

/**
 * Shown instead of AWS Access when the server's probe says it cannot work: names the exact IAM
 * actions the server's role lacks (from iam:SimulatePrincipalPolicy) and the statement to add.
 */
export function AwsLockedPane({ capabilities: c }: { capabilities: Capabilities }) {
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: c.missing, Resource: '*' }] }, null, 2)
  return (
    <section
      aria-label="AWS Access is locked"
      data-testid="aws-locked"
      className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100"
    >
      <h2 className="flex items-center gap-2 text-base font-semibold">
        <Lock size={16} aria-hidden="true" /> AWS Access is locked on {c.cluster}
      </h2>
      {c.reason === 'NO_CREDENTIALS' ? (
        <p className="mt-2">The Periscope server has no AWS credentials. Give its pod an IAM role with EKS Pod Identity or IRSA.</p>
      ) : (
        <>
          <p className="mt-2">
            The Periscope server's IAM role{c.callerArn && <> <code className="font-mono break-all">{c.callerArn}</code></>} is not allowed{' '}
            {c.missing.length === 1 ? 'this action' : `these ${c.missing.length} actions`}, which AWS Access needs:
          </p>
          <ul className="mt-2 flex flex-wrap gap-1.5" aria-label="Missing IAM actions">
            {c.missing.map((a) => (
              <li key={a} className="rounded bg-white px-2 py-0.5 font-mono ring-1 ring-amber-300 dark:bg-slate-900 dark:ring-amber-700">
                {a}
              </li>
            ))}
          </ul>
          <p className="mt-3">Add {c.missing.length === 1 ? 'it' : 'them'} to the role's policy (all are read-only), for example:</p>
          <pre className="mt-1 overflow-x-auto rounded bg-white p-2 font-mono text-xs text-slate-800 ring-1 ring-amber-200 dark:bg-slate-900 dark:text-slate-200 dark:ring-amber-800">
            {policy}
          </pre>
        </>
      )}
      {c.note && <p className="mt-2 text-xs">{c.note}</p>}
      <p className="mt-2 text-xs text-amber-800 dark:text-amber-300">
        Checked at <span title={c.checkedAt}>{formatClock(c.checkedAt)}</span> with iam:SimulatePrincipalPolicy; the server checks again after a few minutes.
      </p>
    </section>
  )
}
