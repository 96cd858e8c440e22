/**
 * Install, update or delete one add-on: the version, `resolveConflicts` chosen explicitly, the
 * configuration values checked against the version's JSON schema as they are typed, the IAM role
 * (IRSA or Pod Identity), then a preview of what changes, then submit — and the add-on's status
 * followed until AWS reaches a terminal state.
 */
import { useEffect, useId, useRef, useState } from 'react'
import { useQuery } from '@tanstack/react-query'
import { ApiError } from '../../api/client'
import { Badge, Button, Card, ErrorState, Select, cx, focusRing } from '../../ui'
import { eksApi, IN_PROGRESS, type AddonsPage, type InstalledAddon, type Preview, type ResolveConflicts, type Submitted, type Verdict, type WriteRequest } from './api'
import type { Editing } from './AddonsPage'
import { statusTone } from './AddonsPage'
import { useAddonUpdate, useAddonWrite, useCatalog, useConfiguration } from './hooks'

const RESOLVE: { value: ResolveConflicts; label: string }[] = [
  { value: 'OVERWRITE', label: 'Overwrite — fields changed on the cluster get the add-on\'s values' },
  { value: 'PRESERVE', label: 'Preserve — keep fields changed on the cluster (update only)' },
  { value: 'NONE', label: 'None — fail on the first conflicting field' },
]
const textarea = cx('w-full rounded-md border border-slate-300 bg-white p-2 font-mono text-xs dark:border-slate-600 dark:bg-slate-800', focusRing)
const input = cx('h-8 w-full rounded-md border border-slate-300 bg-white px-2 font-mono text-xs dark:border-slate-600 dark:bg-slate-800', focusRing)

type RoleMode = 'keep' | 'irsa' | 'podIdentity'

/** The schema's top-level properties with their type and description, as a key to what may be set. */
function schemaKeys(schema: string | null): { key: string; type: string; description: string }[] {
  if (!schema) return []
  try {
    const props = (JSON.parse(schema) as { properties?: Record<string, { type?: string; description?: string }> }).properties ?? {}
    return Object.entries(props).map(([key, p]) => ({ key, type: p.type ?? 'any', description: p.description ?? '' }))
  } catch {
    return []
  }
}

export function AddonEditor({ cluster, page, editing, onClose }: { cluster: string; page: AddonsPage; editing: Editing; onClose: () => void }) {
  const { op, name } = editing
  const current = page.addons.find((a) => a.name === name)
  const catalog = useCatalog(cluster, { kubernetesVersion: page.kubernetesVersion }, op !== 'delete')
  const versions = catalog.data?.find((a) => a.name === name)?.versions ?? []
  const [chosen, setVersion] = useState(editing.version ?? '')
  const [resolve, setResolve] = useState<ResolveConflicts | null>(null)
  const [config, setConfig] = useState(current?.configurationValues ?? '')
  const [roleMode, setRoleMode] = useState<RoleMode>('keep')
  const [irsa, setIrsa] = useState(current?.serviceAccountRoleArn ?? '')
  const [podRoles, setPodRoles] = useState<Record<string, string>>({})
  const [preserve, setPreserve] = useState<boolean | null>(null)
  const [preview, setPreview] = useState<Preview | null>(null)
  const [previewError, setPreviewError] = useState<unknown>(null)
  const version = chosen || versions[0]?.version || ''
  const configuration = useConfiguration(cluster, name, op === 'delete' ? '' : version)
  const write = useAddonWrite(cluster)
  const ids = { config: useId(), resolve: useId(), version: useId() }

  // Checked against the version's schema as it is typed (the server validates again before submit).
  const changedConfig = op !== 'delete' && config.trim() !== '' && config !== (current?.configurationValues ?? '')
  const [settled, setSettled] = useState(config)
  useEffect(() => {
    const t = setTimeout(() => setSettled(config), 300)
    return () => clearTimeout(t)
  }, [config])
  const validation = useQuery({
    queryKey: ['eks-addon-validate', cluster, name, version, settled],
    queryFn: () => eksApi.validate(cluster, name, version, settled),
    enabled: changedConfig && !!version && settled === config,
    staleTime: Infinity,
  })
  const verdict: Verdict | null = changedConfig && settled === config ? (validation.data ?? null) : null

  const request = (): WriteRequest => {
    if (op === 'delete') return { preserve: preserve ?? undefined }
    const req: WriteRequest = { addonVersion: version, resolveConflicts: resolve ?? undefined }
    if (changedConfig) req.configurationValues = config
    if (roleMode === 'irsa') req.serviceAccountRoleArn = irsa.trim()
    if (roleMode === 'podIdentity') {
      req.podIdentityAssociations = Object.entries(podRoles).filter(([, arn]) => arn.trim() !== '').map(([serviceAccount, roleArn]) => ({ serviceAccount, roleArn: roleArn.trim() }))
    }
    return req
  }
  const invalidate = () => {
    setPreview(null)
    setPreviewError(null)
  }
  const choicesMade = op === 'delete' ? preserve !== null : !!version && resolve !== null
  const configOk = !changedConfig || verdict?.valid === true
  const doPreview = () => {
    setPreviewError(null)
    eksApi.preview(cluster, name, op, request()).then(setPreview, setPreviewError)
  }
  const submitted = write.data
  const title = op === 'install' ? `Install ${name}` : op === 'update' ? `Update ${name}` : `Delete ${name}`
  // The editor opens above the table, away from the button that opened it: take the focus there (and
  // the view), so a keyboard or screen-reader user lands in it rather than on the row they left.
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    heading.current?.focus()
    heading.current?.scrollIntoView?.({ block: 'nearest' })
  }, [op, name])

  return (
    <Card className="mb-4 space-y-4 p-4" aria-label={title} data-testid="addon-editor"
      onKeyDown={(e) => { if (e.key === 'Escape' && !e.defaultPrevented) onClose() }}>
      <div className="flex items-center justify-between">
        <h2 ref={heading} tabIndex={-1} className={cx('rounded text-base font-semibold text-slate-900 dark:text-slate-100', focusRing)}>{title}</h2>
        <Button size="sm" variant="ghost" onClick={onClose}>Close</Button>
      </div>
      {!submitted && (
        <>
          {op === 'delete' ? (
            <fieldset className="space-y-1 text-sm">
              <legend className="font-medium">Kubernetes resources of the add-on</legend>
              <label className="flex gap-2"><input type="radio" name="preserve" checked={preserve === true} onChange={() => { setPreserve(true); invalidate() }} />
                Keep them running on the cluster (preserve): EKS stops managing the add-on</label>
              <label className="flex gap-2"><input type="radio" name="preserve" checked={preserve === false} onChange={() => { setPreserve(false); invalidate() }} />
                Delete them from the cluster</label>
            </fieldset>
          ) : (
            <>
              <label htmlFor={ids.version} className="block text-sm font-medium">Version {current && <span className="font-normal text-slate-500">(installed {current.version})</span>}</label>
              <Select id={ids.version} data-testid="editor-version" value={version} onChange={(e) => { setVersion(e.target.value); invalidate() }}>
                {versions.length === 0 && version && <option value={version}>{version}</option>}
                {versions.map((v) => (
                  <option key={v.version} value={v.version}>
                    {v.version}{v.defaultFor.includes(page.kubernetesVersion) ? ' (default)' : ''}{v.clusterVersions.includes(page.nextVersion) ? '' : ` — not for ${page.nextVersion}`}
                  </option>
                ))}
              </Select>
              <fieldset className="space-y-1 text-sm" aria-describedby={ids.resolve}>
                <legend className="font-medium">Conflicts with fields changed on the cluster (resolveConflicts)</legend>
                <p id={ids.resolve} className="text-xs text-slate-500">Choose one: there is no default.</p>
                {RESOLVE.filter((r) => op !== 'install' || r.value !== 'PRESERVE').map((r) => (
                  <label key={r.value} className="flex gap-2">
                    <input type="radio" name="resolveConflicts" value={r.value} checked={resolve === r.value} onChange={() => { setResolve(r.value); invalidate() }} />
                    {r.label}
                  </label>
                ))}
              </fieldset>
              <div>
                <label htmlFor={ids.config} className="block text-sm font-medium">Configuration values (JSON or YAML)</label>
                {configuration.data && (configuration.data.schema ? (
                  <details className="my-1 text-xs text-slate-600 dark:text-slate-400">
                    <summary>Keys the {version} schema accepts</summary>
                    <ul className="mt-1 grid gap-0.5 sm:grid-cols-2">
                      {schemaKeys(configuration.data.schema).map((k) => <li key={k.key}><span className="font-mono">{k.key}</span> <span className="text-slate-400">{k.type}</span> {k.description}</li>)}
                    </ul>
                  </details>
                ) : <p className="my-1 text-xs text-slate-500">This version publishes no configuration schema: leave the values empty.</p>)}
                <textarea id={ids.config} data-testid="editor-config" rows={6} className={textarea} spellCheck={false} value={config}
                  aria-invalid={verdict && !verdict.valid ? true : undefined} onChange={(e) => { setConfig(e.target.value); invalidate() }} />
                {verdict && (verdict.valid
                  ? <p className="text-xs text-emerald-700 dark:text-emerald-300" data-testid="editor-valid">Matches the schema.</p>
                  : <ul role="alert" className="list-disc pl-5 text-xs text-red-700 dark:text-red-300" data-testid="editor-errors">{verdict.errors.map((e) => <li key={e}>{e}</li>)}</ul>)}
              </div>
              <fieldset className="space-y-1 text-sm">
                <legend className="font-medium">IAM role</legend>
                <label className="flex gap-2"><input type="radio" name="role" checked={roleMode === 'keep'} onChange={() => { setRoleMode('keep'); invalidate() }} />
                  {op === 'install' ? 'None (the node role)' : 'Keep as it is'}</label>
                <label className="flex gap-2"><input type="radio" name="role" checked={roleMode === 'irsa'} onChange={() => { setRoleMode('irsa'); invalidate() }} />IRSA role</label>
                {roleMode === 'irsa' && <input className={input} aria-label="IRSA role ARN" placeholder="arn:aws:iam::123456789012:role/…" value={irsa} onChange={(e) => { setIrsa(e.target.value); invalidate() }} />}
                {(configuration.data?.podIdentity.length ?? 0) > 0 && (
                  <label className="flex gap-2"><input type="radio" name="role" checked={roleMode === 'podIdentity'} onChange={() => { setRoleMode('podIdentity'); invalidate() }} />Pod Identity</label>
                )}
                {roleMode === 'podIdentity' && configuration.data?.podIdentity.map((p) => (
                  <label key={p.serviceAccount} className="block text-xs">ServiceAccount <span className="font-mono">{p.serviceAccount}</span>
                    {p.recommendedManagedPolicies.length > 0 && <span className="text-slate-500"> (recommended: {p.recommendedManagedPolicies.map((a) => a.split('/').pop()).join(', ')})</span>}
                    <input className={input} placeholder="role ARN" value={podRoles[p.serviceAccount] ?? ''}
                      onChange={(e) => { setPodRoles({ ...podRoles, [p.serviceAccount]: e.target.value }); invalidate() }} />
                  </label>
                ))}
              </fieldset>
            </>
          )}
          <div className="flex flex-wrap items-center gap-2">
            <Button onClick={doPreview} disabled={!choicesMade || !configOk} data-testid="editor-preview">Preview</Button>
            <Button variant={op === 'delete' ? 'danger' : 'primary'} data-testid="editor-submit"
              disabled={!preview || !preview.allowed || !preview.configuration.valid || write.isPending}
              onClick={() => write.mutate({ name, op, req: request() })}>
              {write.isPending ? 'Submitting…' : op === 'install' ? 'Install' : op === 'update' ? 'Submit update' : 'Delete'}
            </Button>
            {!choicesMade && <span className="text-xs text-slate-500">{op === 'delete' ? 'Choose what happens to the resources.' : 'Choose how conflicts are resolved.'}</span>}
          </div>
          {previewError != null && <ErrorState error={previewError} title="Could not preview" />}
          {preview && <PreviewView preview={preview} />}
          {write.error && <ErrorState error={write.error} title={write.error instanceof ApiError && write.error.isForbidden ? 'Not allowed' : 'Could not submit'} />}
        </>
      )}
      {submitted && <WriteProgress cluster={cluster} name={name} submitted={submitted} live={page.addons.find((a) => a.name === name)} />}
    </Card>
  )
}

/**
 * A submitted write followed to its end: the add-on's status (polled by the add-on list while AWS
 * works on it) and, for an update, the update itself with the errors AWS gives when it fails.
 */
function WriteProgress({ cluster, name, submitted, live }: { cluster: string; name: string; submitted: Submitted; live?: InstalledAddon }) {
  const update = useAddonUpdate(cluster, name, submitted.updateId)
  const u = update.data
  const updating = !!submitted.updateId && (!u || u.status === 'InProgress') && !update.error
  const status = !live ? (submitted.op === 'delete' ? 'DELETED' : 'CREATING')
    : updating && !IN_PROGRESS.includes(live.status) ? 'UPDATING' : live.status
  const settled = !IN_PROGRESS.includes(status)
  return (
    <div className="space-y-1 text-sm">
      <div role="status" className="flex items-center gap-2" data-testid="editor-progress">
        Submitted {submitted.op} of {name}{submitted.toVersion ? ` to ${submitted.toVersion}` : ''}: status{' '}
        <Badge tone={statusTone[status] ?? 'neutral'}><span data-testid="editor-status">{status}</span></Badge>
        {settled ? null : <span className="text-xs text-slate-500">polling…</span>}
      </div>
      {u && u.status !== 'InProgress' && (
        <div data-testid="editor-update">
          <p>Update <span className="font-mono text-xs">{u.id}</span>:{' '}
            <Badge tone={u.status === 'Successful' ? 'success' : 'danger'}>{u.status}</Badge></p>
          {u.errors.map((e) => (
            <p key={e.code + e.message} className="text-xs text-red-700 dark:text-red-300">
              {e.code}: {e.message}{e.resourceIds.length > 0 ? ` (${e.resourceIds.join(', ')})` : ''}
            </p>
          ))}
        </div>
      )}
      {update.error != null && <ErrorState error={update.error} title="Could not follow the update" />}
      {live && settled && live.health.map((h) => (
        <p key={h.code} className="text-xs text-amber-800 dark:text-amber-300">{h.code}: {h.message}</p>
      ))}
    </div>
  )
}

function PreviewView({ preview }: { preview: Preview }) {
  return (
    <section aria-label="Preview" className="space-y-2 rounded-md border border-slate-200 p-3 text-sm dark:border-slate-700" data-testid="editor-preview-result">
      <table className="w-full text-left text-xs">
        <thead><tr className="text-slate-500"><th className="pr-2">Field</th><th className="pr-2">Now</th><th>After</th></tr></thead>
        <tbody>
          {preview.changes.map((c) => (
            <tr key={c.field} className="align-top">
              <td className="pr-2 font-medium">{c.field}</td>
              <td className="pr-2 font-mono break-all whitespace-pre-wrap">{c.before ?? '—'}</td>
              <td className="font-mono break-all whitespace-pre-wrap">{c.after ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {preview.resolveConflictsMeaning && <p className="text-xs">resolveConflicts {preview.resolveConflicts}: {preview.resolveConflictsMeaning}.</p>}
      {!preview.configuration.valid && <ul className="list-disc pl-5 text-xs text-red-700">{preview.configuration.errors.map((e) => <li key={e}>{e}</li>)}</ul>}
      {preview.warnings.map((w) => <p key={w} className="text-xs text-amber-800 dark:text-amber-300">⚠ {w}</p>)}
      <p className="text-xs text-slate-500">
        Runs with the Periscope server's AWS identity, recorded in the audit log under your name.{' '}
        {!preview.allowed && <strong className="text-red-700 dark:text-red-300">{preview.rule}.</strong>}
      </p>
    </section>
  )
}
