import { Link } from 'react-router'
import type { KubeObject } from '../../api/kube'
import { Badge, cx, focusRing } from '../../ui'
import { rbacKind, rbacObjectRoute, roleRefOf, ruleRows, rulesCount, subjectRoute, subjectsOf, type RbacKind } from './model'

const linkClass = cx('text-sky-700 hover:underline dark:text-sky-300', focusRing)
const th = 'border-b border-slate-200 px-2 py-1 text-left font-semibold dark:border-slate-700'
const td = 'border-b border-slate-100 px-2 py-1 align-top dark:border-slate-800'

/** The RBAC part of an object's Summary: rules for roles, role and subjects for bindings; nothing for other kinds. */
export function RbacDetails({ cluster, group, plural, object }: { cluster: string; group: string; plural: string; object: KubeObject | undefined }) {
  const kind = rbacKind(group, plural)
  if (!kind || !object) return null
  return kind === 'roles' || kind === 'clusterroles' ? <RulesTable object={object} /> : <BindingDetails cluster={cluster} kind={kind} object={object} />
}

export function RulesTable({ object }: { object: KubeObject }) {
  const rows = ruleRows(object)
  const aggregation = (object as { aggregationRule?: { clusterRoleSelectors?: { matchLabels?: Record<string, string> }[] } }).aggregationRule
  return (
    <section aria-label="Rules" className="text-sm">
      <h3 className="mb-1 font-semibold">Rules</h3>
      {rows.length > 0 && (
        <p className="mb-1 text-xs text-slate-600 dark:text-slate-400">{rulesCountLine(rulesCount(object), rows.length)}</p>
      )}
      {aggregation && (
        <p className="mb-2 text-xs text-slate-600 dark:text-slate-400">
          Aggregated from ClusterRoles labelled{' '}
          {(aggregation.clusterRoleSelectors ?? []).map((s) => Object.entries(s.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',')).join(' or ')}
          ; the rules below are what the aggregation controller filled in.
        </p>
      )}
      {rows.length === 0 ? (
        <p className="text-slate-500">No rules: this role grants nothing.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse text-xs">
            <thead>
              <tr>
                <th scope="col" className={th}>Resources</th>
                <th scope="col" className={th}>Non-resource URLs</th>
                <th scope="col" className={th}>Resource names</th>
                <th scope="col" className={th}>Verbs</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i}>
                  <td className={cx(td, 'font-mono')}>{r.resource || ''}</td>
                  <td className={cx(td, 'font-mono')}>{r.nonResourceURLs.length ? `[${r.nonResourceURLs.join(' ')}]` : '[]'}</td>
                  <td className={cx(td, 'font-mono')}>{r.resourceNames.length ? `[${r.resourceNames.join(' ')}]` : '[]'}</td>
                  <td className={cx(td, 'font-mono')}>[{r.verbs.join(' ')}]</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

/** The list's Rules column counts policy rules; this table has a row per resource, so say both. */
function rulesCountLine(rules: number, rows: number): string {
  const r = `${rules} rule${rules === 1 ? '' : 's'}`
  return rules === rows ? r : `${r}, shown as ${rows} row${rows === 1 ? '' : 's'} by resource as kubectl describe does`
}

function BindingDetails({ cluster, kind, object }: { cluster: string; kind: RbacKind; object: KubeObject }) {
  const ref = roleRefOf(object)
  const ns = kind === 'rolebindings' ? object.metadata.namespace : undefined
  const subjects = subjectsOf(object)
  return (
    <div className="space-y-3 text-sm">
      <section aria-label="Role">
        <h3 className="mb-1 font-semibold">Role</h3>
        {ref ? (
          <Link className={linkClass} to={rbacObjectRoute(cluster, ref.kind === 'Role' ? 'roles' : 'clusterroles', ref.kind === 'Role' ? ns : undefined, ref.name)}>
            <span className="text-slate-500 dark:text-slate-400">{ref.kind}/</span>
            <span className="font-mono">{ref.name}</span>
          </Link>
        ) : (
          <p className="text-slate-500">No roleRef.</p>
        )}
        {kind === 'rolebindings' && ref?.kind === 'ClusterRole' && (
          <p className="text-xs text-slate-500 dark:text-slate-400">A ClusterRole bound by a RoleBinding grants its rules in namespace {ns} only.</p>
        )}
      </section>
      <section aria-label="Subjects">
        <h3 className="mb-1 font-semibold">Subjects</h3>
        {subjects.length === 0 ? (
          <p className="text-slate-500">None: this binding grants the role to nobody.</p>
        ) : (
          <table className="w-full border-collapse text-xs">
            <thead>
              <tr>
                <th scope="col" className={th}>Kind</th>
                <th scope="col" className={th}>Name</th>
                <th scope="col" className={th}>Namespace</th>
              </tr>
            </thead>
            <tbody>
              {subjects.map((s, i) => {
                const to = subjectRoute(cluster, s)
                return (
                  <tr key={i}>
                    <td className={td}><Badge>{s.kind}</Badge></td>
                    <td className={cx(td, 'font-mono')}>{to ? <Link className={linkClass} to={to}>{s.name}</Link> : s.name}</td>
                    <td className={cx(td, 'font-mono')}>{s.namespace ?? ''}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        )}
      </section>
    </div>
  )
}
