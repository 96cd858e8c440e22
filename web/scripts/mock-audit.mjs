/**
 * Canned `/api/audit`, `/api/audit/export` and `/api/audit/verify` (docs/audit.md) over 2,500
 * synthetic events, newest first, with keyset-like cursors. Used by mock-api.mjs.
 * Scenario `user`: not an audit admin (verify answers 403).
 */
const verbs = ['apply', 'delete', 'scale', 'restart', 'exec', 'log_open', 'secret_reveal', 'trigger', 'auth.login', 'audit_export']
const actors = [
  { sub: 'CiQ4ZjJk-jane', email: 'jane.doe@example.com', groups: ['sre', 'oncall-primary'] },
  { sub: 'CiQ1bob', email: 'bob@example.com', groups: ['payments-dev'] },
  { sub: 'CiQ2alice', email: 'alice@corp.example', groups: ['platform-team', 'sre'] },
]
const clusters = ['prod-eu-west-1', 'prod-us-east-1', 'staging']
const resources = ['pods', 'deployments.apps', 'secrets', 'cronjobs.batch', 'configmaps']

const N = 2500
const now = Date.now()
const events = Array.from({ length: N }, (_, k) => {
  const id = N - k
  const verb = verbs[id % verbs.length]
  const outcome = id % 11 === 0 ? 'denied' : id % 17 === 0 ? 'failure' : 'success'
  const auth = verb.startsWith('auth.')
  return {
    id,
    time: new Date(now - k * 97_000).toISOString().replace('Z', '123Z').replace(/\.(\d{3})123Z$/, '.$1456Z'),
    requestId: `req-${(id * 7919).toString(16)}`,
    actor: actors[id % actors.length],
    verb,
    target: auth ? { cluster: '', namespace: '', resource: '', name: '' } : { cluster: clusters[id % 3], namespace: ['payments', 'checkout', 'default'][id % 3], resource: resources[id % resources.length], name: `api-${id % 40}` },
    outcome,
    reason: outcome === 'denied' ? `${resources[id % resources.length]} "api-${id % 40}" is forbidden: User cannot ${verb} in the namespace` : outcome === 'failure' ? 'cluster_timeout: prod-us-east-1 did not answer within 10s' : '',
    extra: verb === 'exec' ? { container: 'api', durationMs: 61_200 + id, command: ['/bin/sh'] } : verb === 'apply' ? { dryRun: id % 2 === 0, force: false } : {},
  }
})

const FILTERS = ['actor', 'verb', 'cluster', 'namespace', 'resource', 'outcome', 'from', 'to', 'q']

function matching(url) {
  const f = Object.fromEntries(FILTERS.map((k) => [k, url.searchParams.get(k) ?? '']))
  return events.filter((e) =>
    (!f.actor || e.actor.sub === f.actor || e.actor.email === f.actor) &&
    (!f.verb || e.verb === f.verb) && (!f.outcome || e.outcome === f.outcome) &&
    (!f.cluster || e.target.cluster === f.cluster) && (!f.namespace || e.target.namespace === f.namespace) &&
    (!f.resource || e.target.resource === f.resource) &&
    (!f.from || e.time >= new Date(f.from).toISOString()) && (!f.to || e.time < new Date(f.to).toISOString()) &&
    (!f.q || f.q.toLowerCase().split(/\s+/).every((t) => JSON.stringify([e.actor, e.target, e.reason]).toLowerCase().includes(t))))
}

export function audit(req, res, url, scenario, { json, fail }) {
  const path = url.pathname
  if (path === '/api/audit/verify') {
    if (scenario === 'user') return fail(res, 403, 'forbidden', 'Only audit admins may verify the chain'), true
    if (scenario === 'tampered') return json(res, 200, { ok: false, rowsChecked: 1206, anchorId: 0, headId: N, headHash: '3f9a…', brokenLink: { rowId: 1207, expectedHash: '5d2e…', foundHash: 'a41b…', problem: 'hash mismatch: row 1207 was edited, moved, or an earlier row was changed' } }), true
    return json(res, 200, { ok: true, rowsChecked: N, anchorId: 0, headId: N, headHash: '3f9a0c5e7d21b4a8e6f1c9d0b3a2e5f7c8d9e0a1b2c3d4e5f6a7b8c9d0e1f2a3', brokenLink: null }), true
  }
  if (path === '/api/audit/export') {
    const rows = matching(url).reverse()
    if (url.searchParams.get('format') === 'ndjson') {
      res.writeHead(200, { 'Content-Type': 'application/x-ndjson', 'Content-Disposition': 'attachment; filename="audit.ndjson"' })
      return res.end(rows.map((e) => JSON.stringify(e)).join('\n') + '\n'), true
    }
    res.writeHead(200, { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename="audit.csv"' })
    const q = (s) => (/[",\n]/.test(String(s)) ? `"${String(s).replaceAll('"', '""')}"` : String(s))
    res.end('id,time,requestId,actorSub,actorEmail,actorGroups,verb,cluster,namespace,resource,name,outcome,reason,extra\n' +
      rows.map((e) => [e.id, e.time, e.requestId, e.actor.sub, e.actor.email, e.actor.groups.join(';'), e.verb, e.target.cluster, e.target.namespace, e.target.resource, e.target.name, e.outcome, e.reason, JSON.stringify(e.extra)].map(q).join(',')).join('\n'))
    return true
  }
  if (path === '/api/audit') {
    const limit = Math.min(1000, Number(url.searchParams.get('limit') ?? 100))
    const cursor = url.searchParams.get('cursor')
    const below = cursor ? Number(Buffer.from(cursor, 'base64url').toString()) : Infinity
    const page = matching(url).filter((e) => e.id < below).slice(0, limit)
    const more = page.length === limit && page.at(-1).id > 1
    setTimeout(() => json(res, 200, { items: page, nextCursor: more ? Buffer.from(String(page.at(-1).id)).toString('base64url') : null }), 200)
    return true
  }
  return false
}
