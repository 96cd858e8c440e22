import { useMutation } from '@tanstack/react-query'
import { Badge, Button, ErrorState, type Tone } from '../../ui'
import { resourcesApi, type CertificateChain, type KindRef } from './api'
import { countOf } from '../../lib/plural'

/** How long until (or since) the end: in hours within a day of it, else in days. */
function left(c: CertificateChain): string {
  const hours = Math.abs(c.hoursLeft)
  if (hours === 0) return 'under an hour'
  return hours < 24 ? countOf(hours, 'hour') : countOf(Math.abs(c.daysLeft), 'day')
}

const STATE: Record<CertificateChain['state'], { tone: Tone; words: (c: CertificateChain) => string }> = {
  VALID: { tone: 'success', words: (c) => `valid · ${countOf(c.daysLeft, 'day')} left` },
  EXPIRES_SOON: { tone: 'warning', words: (c) => `expires in ${left(c)}` },
  EXPIRED: { tone: 'danger', words: (c) => (c.hoursLeft === 0 ? 'expired under an hour ago' : `expired ${left(c)} ago`) },
  NOT_YET_VALID: { tone: 'warning', words: () => 'not valid yet' },
}

/** Dates as the certificate states them: in UTC, said so (a local date could be a day off). */
const day = (iso: string) => `${iso.slice(0, 10)} UTC`

/**
 * A TLS Secret's certificate, read only when asked (it reads the Secret's value, so it is audited as a
 * reveal of `tls.crt`; the private key is never read): for whom, by whom, and until when.
 */
export function CertificateField({ kind, namespace, name }: { kind: KindRef; namespace: string | undefined; name: string }) {
  const read = useMutation({ mutationFn: () => resourcesApi.certificate(kind, namespace, name) })
  if (read.error) return <ErrorState error={read.error} title="Could not read the certificate" onRetry={() => read.mutate()} />
  if (!read.data) {
    return (
      <div className="space-y-1">
        <Button size="sm" variant="secondary" onClick={() => read.mutate()} disabled={read.isPending}>
          {read.isPending ? 'Reading…' : 'Read certificate'}
        </Button>
        <p className="text-xs text-slate-500 dark:text-slate-400">Audited as a read of this Secret's tls.crt; the private key is not read.</p>
      </div>
    )
  }
  const chain = read.data
  const leaf = chain.certificates[0]
  const state = STATE[chain.state]
  return (
    <section aria-label="Certificate" className="space-y-1 text-xs">
      <span className="flex flex-wrap items-center gap-2">
        <Badge tone={state.tone}>{state.words(chain)}</Badge>
        <span className="text-slate-600 dark:text-slate-400">until {day(chain.expiresAt)}</span>
      </span>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
        <dt className="text-slate-500 dark:text-slate-400">For</dt>
        <dd className="font-mono break-words">{leaf.names.length ? leaf.names.join(', ') : leaf.subject}</dd>
        <dt className="text-slate-500 dark:text-slate-400">Issuer</dt>
        <dd className="font-mono break-words">{leaf.issuer}</dd>
        <dt className="text-slate-500 dark:text-slate-400">Valid</dt>
        <dd>{day(leaf.notBefore)} – {day(leaf.notAfter)}</dd>
        <dt className="text-slate-500 dark:text-slate-400">Chain</dt>
        <dd>{chain.certificates.length} certificate{chain.certificates.length === 1 ? '' : 's'} ({leaf.keyAlgorithm}, {leaf.signatureAlgorithm})</dd>
      </dl>
    </section>
  )
}
