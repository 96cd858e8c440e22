import { useState, type FormEvent } from 'react'
import { Badge, type Tone } from '../../ui/Badge'
import { Button } from '../../ui/Button'
import { ErrorState } from '../../ui/ErrorState'
import { Input } from '../../ui/Input'
import { Spinner } from '../../ui/Skeleton'
import type { StatementRef } from './api'
import { ACTION_PATTERN } from './api'
import { useResourcePolicy, type ActionDecision, type EngineDecision, type Outcome, type ResourcePolicyAnswer, type ResourceQuery } from './resourceApi'

const outcomeView: Record<Outcome, { label: string; tone: Tone }> = {
  ALLOWED: { label: 'Allowed', tone: 'danger' },
  CONDITIONAL: { label: 'Conditional', tone: 'warning' },
  DENIED: { label: 'Explicitly denied', tone: 'success' },
  NOT_ALLOWED: { label: 'Not allowed', tone: 'neutral' },
  UNKNOWN: { label: 'Unknown', tone: 'warning' },
}

const policyNoun = { S3_BUCKET: 'bucket policy', KMS_KEY: 'key policy', SECRET: 'resource policy' } as const

const label = (s: StatementRef) => `${s.policy} ${s.sid || `statement ${s.index}`}${s.allow ? '' : ' (Deny)'}${s.conditional ? ' (conditional)' : ''}`

/**
 * "Resource policies" probe: a bucket, key or secret ARN (typed, or picked from the roles' grants)
 * and, per role, whether the catalog's actions on it are allowed with both sides' statements.
 */
export function ResourcePolicySection({ cluster, kind, namespace, name, suggestions }: {
  cluster: string
  kind: string
  namespace: string
  name: string
  suggestions: string[]
}) {
  const [resource, setResource] = useState('')
  const [action, setAction] = useState('')
  const [invalid, setInvalid] = useState<string | null>(null)
  const [query, setQuery] = useState<ResourceQuery | null>(null)
  const q = useResourcePolicy(cluster, kind, namespace, name, query)

  const ask = (r: string, a: string) => {
    if (!r.startsWith('arn:')) return setInvalid('Give the ARN of an S3 bucket or object, a KMS key or a Secrets Manager secret.')
    if (a && !ACTION_PATTERN.test(a)) return setInvalid('The action is one IAM action, service:Action, without wildcards.')
    setInvalid(null)
    setQuery({ resource: r, ...(a ? { action: a } : {}) })
  }
  const submit = (e: FormEvent) => {
    e.preventDefault()
    ask(resource.trim(), action.trim())
  }

  return (
    <section aria-label="Resource policies" className="rounded-md border border-slate-200 p-3 dark:border-slate-700">
      <h3 className="font-medium">Resource policies</h3>
      <p className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">
        May the roles act on a bucket, KMS key or secret, its own policy included? Same account: an Allow on either side suffices (a key policy
        must allow or delegate to the account); across accounts both must; an explicit Deny anywhere wins.
      </p>
      <form onSubmit={submit} className="mt-2 flex flex-wrap items-end gap-2">
        <label className="flex min-w-72 flex-1 flex-col text-xs">
          Resource ARN
          <Input value={resource} onChange={(e) => setResource(e.target.value)} placeholder="arn:aws:s3:::bucket" className="font-mono" />
        </label>
        <label className="flex w-56 flex-col text-xs">
          Action (optional)
          <Input value={action} onChange={(e) => setAction(e.target.value)} placeholder="catalog actions" className="font-mono" />
        </label>
        <Button type="submit" size="sm" variant="primary">
          Check
        </Button>
      </form>
      {suggestions.length > 0 && (
        <div className="mt-2 flex flex-wrap items-center gap-1.5 text-xs" aria-label="From the roles' grants">
          <span className="text-slate-500 dark:text-slate-400">From the roles' grants:</span>
          {suggestions.map((s) => (
            <button
              key={s}
              type="button"
              className="rounded border border-slate-300 px-1.5 py-0.5 font-mono break-all hover:bg-slate-50 dark:border-slate-600 dark:hover:bg-slate-800"
              onClick={() => {
                setResource(s)
                ask(s, action.trim())
              }}
            >
              {s}
            </button>
          ))}
        </div>
      )}
      {invalid && (
        <p role="alert" className="mt-2 text-xs text-red-700 dark:text-red-300">
          {invalid}
        </p>
      )}
      {query && q.isPending && <Spinner label="Reading the resource policy" />}
      {q.error && <ErrorState error={q.error} title="Could not decide" />}
      {q.data && <ResourceAnswer answer={q.data} />}
    </section>
  )
}

function ResourceAnswer({ answer }: { answer: ResourcePolicyAnswer }) {
  const noun = policyNoun[answer.kind]
  return (
    <div className="mt-3 space-y-3" data-testid="resource-policy-answer">
      <p className="text-xs">
        <span className="font-mono break-all">{answer.policyHolder}</span>:{' '}
        {answer.policyState === 'READ' ? (
          <span>{noun} read.</span>
        ) : answer.policyState === 'NO_POLICY' ? (
          <span>no {noun} ({answer.policyNote}).</span>
        ) : (
          <span className="text-amber-800 dark:text-amber-200">
            {noun} not readable: {answer.policyNote}
          </span>
        )}{' '}
        <span className="text-slate-500 dark:text-slate-400">Resource account: {answer.accountNote}.</span>
      </p>
      {answer.roles.map((r) => (
        <div key={r.roleArn}>
          <p className="font-mono text-xs break-all">{r.roleArn}</p>
          <ul className="mt-1 divide-y divide-slate-200 text-xs dark:divide-slate-700" aria-label={`Decisions for ${r.roleArn}`}>
            {r.actions.map((a) => (
              <DecisionRow key={a.action} decision={a} noun={noun} />
            ))}
          </ul>
          {r.problems.map((p) => (
            <p key={p} className="mt-1 rounded bg-amber-50 px-2 py-1 text-xs text-amber-900 dark:bg-amber-950/50 dark:text-amber-200">
              {p}
            </p>
          ))}
        </div>
      ))}
    </div>
  )
}

function DecisionRow({ decision: d, noun }: { decision: ActionDecision; noun: string }) {
  const view = outcomeView[d.answer.outcome]
  return (
    <li className="py-1.5" data-testid="resource-decision">
      <div className="flex flex-wrap items-center gap-1.5">
        <span className="font-mono">{d.action}</span>
        <Badge tone={view.tone}>{view.label}</Badge>
        {d.answer.crossAccount && <Badge tone="accent">cross-account</Badge>}
      </div>
      <p className="font-mono break-all text-slate-500 dark:text-slate-400">on {d.on}</p>
      <p className="text-slate-500 dark:text-slate-400">{d.answer.rule}</p>
      <dl className="mt-0.5 grid grid-cols-[max-content_1fr] gap-x-2">
        <dt className="text-slate-500 dark:text-slate-400">Identity policies</dt>
        <dd>
          <Side decision={d.answer.identity} />
        </dd>
        <dt className="text-slate-500 dark:text-slate-400">{noun.charAt(0).toUpperCase() + noun.slice(1)}</dt>
        <dd>
          {d.answer.resource.direct.statements.length + d.answer.resource.viaAccount.statements.length === 0 ? (
            <Side decision={d.answer.resource.direct} />
          ) : (
            <>
              <Side decision={d.answer.resource.direct} prefix="names the role" hideEmpty />
              <Side decision={d.answer.resource.viaAccount} prefix="names the account" hideEmpty />
            </>
          )}
        </dd>
      </dl>
    </li>
  )
}

function Side({ decision, prefix, hideEmpty }: { decision: EngineDecision; prefix?: string; hideEmpty?: boolean }) {
  if (decision.statements.length === 0) return hideEmpty ? null : <div className="text-slate-500 dark:text-slate-400">no statement applies</div>
  return (
    <ul>
      {decision.statements.map((s) => (
        <li key={`${s.policy}-${s.index}`} className="break-all">
          {prefix && <span className="text-slate-500 dark:text-slate-400">{prefix}: </span>}
          {label(s)}
        </li>
      ))}
    </ul>
  )
}
