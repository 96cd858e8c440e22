#!/usr/bin/env node
/**
 * Serves the built SPA (target/dist) plus canned JSON for the API contract the SPA codes to, so the
 * UI can be looked at and screenshot without the Java server. Loopback only.
 *
 *   npm run build && node scripts/mock-api.mjs [--port 4173] [--scenario default]
 *
 * Scenarios (also MOCK_SCENARIO=...):
 *   default   mixed fleet: healthy, degraded, unreachable clusters
 *   empty     no clusters registered
 *   fleet404  /api/fleet not served yet (SPA falls back to /api/clusters)
 *   error     /api/fleet answers 500 with the error body
 *   slow      /api/fleet takes 20 s (loading skeleton)
 *   unauth    no session until /api/auth/login is visited (sets a cookie and redirects back)
 *   nosse     /api/stream answers 503: the SPA falls back to long polling (/api/stream/poll)
 *   forbidden every resource list answers 403
 *   user      not an audit admin (/api/audit/verify answers 403)
 *   tampered  /api/audit/verify reports a broken hash chain
 *   awslocked / awsempty / awsforbidden   AWS Access: the probe names missing IAM actions / no pod
 *             can do the action / the person may not list pods cluster-wide (mock-aws.mjs)
 * Resource, stream and pod-log routes: mock-resources.mjs (10,000 pods on prod-eu-west-1).
 * Audit routes: mock-audit.mjs. AWS Access routes: mock-aws.mjs.
 * Cookie `mock_scenario=<name>` overrides the scenario per browser.
 */
import { createServer } from 'node:http'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { randomUUID } from 'node:crypto'
import { poll, resources, stream } from './mock-resources.mjs'
import { audit } from './mock-audit.mjs'
import { aws } from './mock-aws.mjs'

const args = Object.fromEntries(
  process.argv.slice(2).map((a, i, all) => (a.startsWith('--') ? [a.slice(2), all[i + 1]] : null)).filter(Boolean),
)
const port = Number(args.port ?? process.env.PORT ?? 4173)
const defaultScenario = args.scenario ?? process.env.MOCK_SCENARIO ?? 'default'
const dist = args.dist ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'target', 'dist')
const CSRF = 'mock-csrf-token'

const minutesFromNow = (m) => new Date(Date.now() + m * 60_000).toISOString()

const registry = [
  { name: 'prod-eu-west-1', backend: 'eks', region: 'eu-west-1', environment: 'prod', tags: { team: 'platform', tier: 'critical' }, reachability: { status: 'reachable', message: null, checkedAt: minutesFromNow(-1) } },
  { name: 'prod-us-east-1', backend: 'eks', region: 'us-east-1', environment: 'prod', tags: { team: 'platform' }, reachability: { status: 'reachable', message: null, checkedAt: minutesFromNow(-1) } },
  { name: 'staging', backend: 'eks', region: 'eu-west-1', environment: 'staging', tags: {}, reachability: { status: 'reachable', message: null, checkedAt: minutesFromNow(-2) } },
  { name: 'edge-factory-7', backend: 'agent', region: null, environment: 'edge', tags: { site: 'lyon' }, reachability: { status: 'unreachable', message: 'agent disconnected: no tunnel for 6m12s', checkedAt: minutesFromNow(-1) } },
  { name: 'ci-kind', backend: 'kubeconfig', region: null, environment: 'dev', tags: {}, reachability: { status: 'unknown', message: null, checkedAt: null } },
  { name: 'periscope-home', backend: 'in-cluster', region: 'eu-west-1', environment: 'prod', tags: {}, reachability: { status: 'reachable', message: null, checkedAt: minutesFromNow(-1) } },
]

const fleet = [
  { name: 'prod-eu-west-1', backend: 'eks', environment: 'prod', reachable: true, error: null, version: 'v1.31.4-eks-2d5f260', nodes: 42, notReadyNodes: 0, pods: 1873, failingPods: 0, warnings: 4 },
  { name: 'prod-us-east-1', backend: 'eks', environment: 'prod', reachable: true, error: null, version: 'v1.31.4-eks-2d5f260', nodes: 38, notReadyNodes: 2, pods: 1610, failingPods: 7, warnings: 23 },
  { name: 'staging', backend: 'eks', environment: 'staging', reachable: true, error: null, version: 'v1.32.1-eks-5e0fdde', nodes: 9, notReadyNodes: 0, pods: 412, failingPods: 0, warnings: 0 },
  { name: 'edge-factory-7', backend: 'agent', environment: 'edge', reachable: false, error: 'agent disconnected: no tunnel for 6m12s', version: null, nodes: null, notReadyNodes: null, pods: null, failingPods: null, warnings: null },
  { name: 'ci-kind', backend: 'kubeconfig', environment: 'dev', reachable: false, error: 'Get "https://127.0.0.1:6443/version": dial tcp 127.0.0.1:6443: connect: connection refused', version: null, nodes: null, notReadyNodes: null, pods: null, failingPods: null, warnings: null },
  { name: 'periscope-home', backend: 'in-cluster', environment: 'prod', reachable: true, error: null, version: 'v1.30.8', nodes: 3, notReadyNodes: 0, pods: 57, failingPods: 1, warnings: 2 },
  { name: 'payments-pci', backend: 'eks', environment: 'prod', reachable: false, errorCode: 'no_identity', error: 'no tier is mapped to your groups (sre, oncall-primary, platform-team): ask for one in auth.authorization.groupTiers', version: null, nodes: null, notReadyNodes: null, pods: null, failingPods: null, warnings: null },
]

const whoami = (scenario) => ({
  subject: 'CiQ4ZjJkYzU2YS0xYjZlLTQ5ZDEtOWM2Yi1hZjA3ZDFlZTQ2YjISBGxkYXA',
  email: 'jane.doe@example.com',
  groups: ['sre', 'oncall-primary', 'platform-team'],
  mode: 'tier',
  tier: 'triage',
  expiresAt: minutesFromNow(7 * 60 + 42),
  auditAdmin: true,
  csrfToken: CSRF,
})

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.woff2': 'font/woff2' }

function cookies(req) {
  return Object.fromEntries((req.headers.cookie ?? '').split(';').map((c) => c.trim().split('=')).filter((p) => p.length === 2))
}

function json(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}
const fail = (res, status, code, message) => json(res, status, { code, message, requestId: randomUUID().slice(0, 8) })

async function api(req, res, url, scenario) {
  const c = cookies(req)
  const signedIn = scenario !== 'unauth' || c.mock_session === '1'
  const path = url.pathname

  if (path === '/api/auth/login') {
    const returnTo = url.searchParams.get('returnTo') ?? '/'
    res.writeHead(302, { Location: returnTo.startsWith('/') ? returnTo : '/', 'Set-Cookie': 'mock_session=1; Path=/; HttpOnly; SameSite=Lax' })
    return res.end()
  }
  if (!signedIn) return fail(res, 401, 'unauthenticated', 'Sign in to continue')

  if (path === '/api/auth/whoami') return json(res, 200, { ...whoami(), auditAdmin: scenario !== 'user' })
  if (path === '/api/auth/logout') {
    if (req.method !== 'POST') return fail(res, 405, 'method_not_allowed', 'POST only')
    if (req.headers['x-csrf-token'] !== CSRF) return fail(res, 403, 'csrf', 'Missing or wrong X-CSRF-Token')
    return json(res, 200, { redirectTo: '/' }, { 'Set-Cookie': 'mock_session=; Path=/; Max-Age=0' })
  }
  if (path === '/api/clusters') return json(res, 200, { clusters: scenario === 'empty' ? [] : registry })
  if (path === '/api/fleet') {
    if (scenario === 'fleet404') return fail(res, 404, 'not_found', 'No route for GET /api/fleet')
    if (scenario === 'error') return fail(res, 500, 'internal', 'Fleet summary failed: cluster registry not loaded')
    if (scenario === 'slow') await new Promise((r) => setTimeout(r, 20_000))
    return json(res, 200, { clusters: scenario === 'empty' ? [] : fleet })
  }
  const helpers = { json, fail, readBody }
  if (req.method !== 'GET' && path.startsWith('/api/clusters/') && req.headers['x-csrf-token'] !== CSRF) {
    return fail(res, 403, 'csrf', 'Missing or wrong X-CSRF-Token')
  }
  if (path === '/api/stream') return stream(req, res, url, scenario, helpers)
  if (path === '/api/stream/poll') return poll(req, res, url, helpers)
  if (path.startsWith('/api/audit') && audit(req, res, url, scenario, helpers)) return
  if (aws(req, res, url, scenario, helpers)) return
  if (path.startsWith('/api/clusters/') && (await resources(req, res, url, scenario, helpers))) return
  return fail(res, 404, 'not_found', `No route for ${req.method} ${path}`)
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (c) => (body += c))
    req.on('end', () => resolve(body))
    req.on('error', reject)
  })
}

async function file(res, path) {
  const safe = normalize(path).replace(/^(\.\.[/\\])+/, '')
  let target = join(dist, safe)
  try {
    if (!(await stat(target)).isFile()) throw new Error('dir')
  } catch {
    target = join(dist, 'index.html') // SPA fallback: the router owns every other path
  }
  res.writeHead(200, { 'Content-Type': types[extname(target)] ?? 'application/octet-stream' })
  res.end(await readFile(target))
}

createServer(async (req, res) => {
  try {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const scenario = cookies(req).mock_scenario ?? defaultScenario
    if (url.pathname.startsWith('/api/')) return await api(req, res, url, scenario)
    return await file(res, decodeURIComponent(url.pathname))
  } catch (e) {
    fail(res, 500, 'mock_failure', String(e))
  }
}).listen(port, '127.0.0.1', () => console.log(`mock API + SPA (${defaultScenario}) on http://127.0.0.1:${port}`))
