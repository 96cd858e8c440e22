/**
 * Canned answers for the resource, stream and pod-log routes of docs/api.md, shaped like the
 * contract, for looking at the SPA without the Java server. Used by mock-api.mjs.
 *
 * Scenarios it reacts to: `default` (10,000 pods on prod-eu-west-1, a few elsewhere), `nosse`
 * (the SSE route answers 503 so the SPA falls back to long polling), `forbidden` (every list 403).
 * Secrets always answer 403 for listing, to show the forbidden state.
 */
import { randomUUID } from 'node:crypto'

const ago = (ms) => new Date(Date.now() - ms).toISOString()

const kinds = [
  ['', 'v1', 'Pod', 'pods', true, ['log', 'exec', 'status']],
  ['', 'v1', 'Service', 'services', true, ['status']],
  ['', 'v1', 'ConfigMap', 'configmaps', true, []],
  ['', 'v1', 'Secret', 'secrets', true, []],
  ['', 'v1', 'Namespace', 'namespaces', false, ['status']],
  ['', 'v1', 'Node', 'nodes', false, ['status']],
  ['', 'v1', 'Event', 'events', true, []],
  ['', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true, ['status']],
  ['', 'v1', 'PersistentVolume', 'persistentvolumes', false, ['status']],
  ['', 'v1', 'ServiceAccount', 'serviceaccounts', true, ['token']],
  ['apps', 'v1', 'Deployment', 'deployments', true, ['scale', 'status']],
  ['apps', 'v1', 'StatefulSet', 'statefulsets', true, ['scale', 'status']],
  ['apps', 'v1', 'DaemonSet', 'daemonsets', true, ['status']],
  ['apps', 'v1', 'ReplicaSet', 'replicasets', true, ['scale', 'status']],
  ['batch', 'v1', 'Job', 'jobs', true, ['status']],
  ['batch', 'v1', 'CronJob', 'cronjobs', true, ['status']],
  ['networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, ['status']],
  ['networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', true, []],
  ['storage.k8s.io', 'v1', 'StorageClass', 'storageclasses', false, []],
  ['rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true, []],
  ['rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false, []],
  ['rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true, []],
  ['autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, ['status']],
  ['policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true, ['status']],
  ['apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false, ['status']],
  ['karpenter.sh', 'v1', 'NodePool', 'nodepools', false, ['status']],
  ['karpenter.sh', 'v1', 'NodeClaim', 'nodeclaims', false, ['status']],
  ['cert-manager.io', 'v1', 'Certificate', 'certificates', true, ['status']],
  ['monitoring.coreos.com', 'v1', 'ServiceMonitor', 'servicemonitors', true, []],
].map(([group, version, kind, plural, namespaced, subresources]) => ({
  group, version, kind, plural, namespaced, subresources,
  verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'], shortNames: [],
}))

const namespaces = ['default', 'kube-system', 'payments', 'checkout', 'search', 'observability', 'cert-manager', 'karpenter']

const podCount = (cluster) => (cluster === 'prod-eu-west-1' ? 10_000 : 240)
const statuses = ['Running', 'Running', 'Running', 'Running', 'Running', 'Running', 'Running', 'Pending', 'CrashLoopBackOff', 'Completed']
const apps = ['api', 'web', 'worker', 'checkout', 'search-indexer', 'cart', 'auth', 'ledger', 'notifier', 'gateway']

function pod(i) {
  const app = apps[i % apps.length]
  const ns = namespaces[i % namespaces.length]
  const name = `${app}-${(7_000_000 + i * 7919).toString(36)}-${(i * 31).toString(36).padStart(5, 'x')}`
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, namespace: ns, uid: `pod-uid-${i}`, resourceVersion: String(100_000 + i),
      creationTimestamp: ago((i % 500) * 3_600_000 + (i % 60) * 60_000 + 30_000),
      labels: { app, 'pod-template-hash': 'abc123' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${app}-abc123`, uid: `rs-${app}`, controller: true }],
    },
    spec: { nodeName: `ip-10-0-${i % 40}-${i % 250}.eu-west-1.compute.internal`, containers: [{ name: app, image: `registry.example/${app}:1.${i % 9}.0` }, ...(i % 3 === 0 ? [{ name: 'istio-proxy', image: 'istio/proxyv2:1.24' }] : [])] },
    status: { phase: statuses[i % statuses.length] === 'Completed' ? 'Succeeded' : statuses[i % statuses.length] === 'Pending' ? 'Pending' : 'Running', podIP: `10.0.${i % 250}.${i % 200}` },
  }
}

const tableCache = new Map()
function podTable(cluster) {
  if (tableCache.has(cluster)) return tableCache.get(cluster)
  const n = podCount(cluster)
  const rows = Array.from({ length: n }, (_, i) => {
    const o = pod(i)
    const st = statuses[i % statuses.length]
    return { cells: [o.metadata.name, st === 'Running' ? '1/1' : '0/1', st, st === 'CrashLoopBackOff' ? 40 + (i % 17) : i % 4, '', o.status.podIP, o.spec.nodeName], object: o }
  })
  const t = {
    kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: '200000' },
    columnDefinitions: [
      { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 0 },
      { name: 'Ready', type: 'string', format: '', description: 'The aggregate readiness state of this pod for accepting traffic.', priority: 0 },
      { name: 'Status', type: 'string', format: '', description: 'The aggregate status of the containers in this pod.', priority: 0 },
      { name: 'Restarts', type: 'string', format: '', description: 'The number of times the containers in this pod have been restarted.', priority: 0 },
      { name: 'Age', type: 'string', format: '', description: 'CreationTimestamp', priority: 0 },
      { name: 'IP', type: 'string', format: '', description: 'IP address allocated to the pod.', priority: 1 },
      { name: 'Node', type: 'string', format: '', description: 'Name of the Node this pod runs on.', priority: 1 },
    ],
    rows,
  }
  tableCache.set(cluster, t)
  return t
}

function deploymentTable() {
  const rows = apps.flatMap((app, i) => namespaces.slice(0, 3).map((ns, j) => {
    const replicas = 2 + ((i + j) % 5)
    const ready = i === 3 && j === 0 ? replicas - 2 : replicas
    const o = {
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: { name: app, namespace: ns, uid: `dep-${app}-${ns}`, resourceVersion: '5001', creationTimestamp: ago((i + 1) * 86_400_000 * 3), labels: { app } },
      spec: { replicas }, status: { readyReplicas: ready, replicas },
    }
    return { cells: [app, `${ready}/${replicas}`, replicas, ready, ''], object: o }
  }))
  return {
    kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: '5001' },
    columnDefinitions: [
      { name: 'Name', type: 'string', format: 'name', priority: 0 },
      { name: 'Ready', type: 'string', format: '', priority: 0 },
      { name: 'Up-to-date', type: 'integer', format: '', priority: 0 },
      { name: 'Available', type: 'integer', format: '', priority: 0 },
      { name: 'Age', type: 'string', format: '', priority: 0 },
    ],
    rows,
  }
}

function plainList(kind, n, namespaced) {
  return {
    kind: `${kind.kind}List`, apiVersion: kind.group ? `${kind.group}/${kind.version}` : kind.version, metadata: { resourceVersion: '777' },
    items: Array.from({ length: n }, (_, i) => ({
      metadata: {
        name: `${kind.plural.replace(/s$/, '')}-${['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'][i % 6]}-${i}`,
        ...(namespaced ? { namespace: namespaces[i % namespaces.length] } : {}),
        uid: `${kind.plural}-${i}`, resourceVersion: String(700 + i), creationTimestamp: ago(i * 7_200_000 + 90_000),
      },
    })),
  }
}

const deploymentYaml = (ns, name) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
  labels:
    app: ${name}
spec:
  replicas: 3
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: ${name}
          image: registry.example/${name}:1.4.0
          ports:
            - containerPort: 8080
          resources:
            requests:
              cpu: 250m
              memory: 256Mi
`

/** Handles `/api/clusters/{c}/...` resource, can-i and pod routes; returns false when not one of them. */
export async function resources(req, res, url, scenario, { json, fail, readBody }) {
  const path = url.pathname
  let m
  if ((m = /^\/api\/clusters\/([^/]+)\/discovery$/.exec(path))) {
    return json(res, 200, { cluster: decodeURIComponent(m[1]), kinds, problems: [], fetchedAt: new Date().toISOString() }), true
  }
  if ((m = /^\/api\/clusters\/([^/]+)\/namespaces$/.exec(path))) return json(res, 200, { namespaces }), true
  if ((m = /^\/api\/clusters\/([^/]+)\/can-i$/.exec(path))) {
    const { checks } = JSON.parse((await readBody(req)) || '{}')
    const results = checks.map((check) => {
      const denied = (check.verb === 'delete' && check.resource === 'deployments') || check.resource === 'secrets'
      return { check, answer: denied ? { allowed: false, denied: true, reason: `RBAC: periscope-tier:triage may not ${check.verb} ${check.resource}` } : { allowed: true, denied: false, reason: '' } }
    })
    return json(res, 200, { results }), true
  }
  if ((m = /^\/api\/clusters\/([^/]+)\/pods\/([^/]+)\/([^/]+)\/logs$/.exec(path))) {
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' })
    const line = (i) => `${new Date(Date.now() - (500 - i) * 1000).toISOString()} INFO  request handled method=GET path=/api/v1/items/${i} status=200 duration_ms=${(i * 7) % 90}\n`
    res.write(Array.from({ length: 120 }, (_, i) => line(i)).join(''))
    if (url.searchParams.get('follow') !== 'true') return res.end(), true
    let i = 120
    const t = setInterval(() => res.write(line(i++)), 1000)
    req.on('close', () => clearInterval(t))
    return true
  }

  m = /^\/api\/clusters\/([^/]+)\/resources\/([^/]+)\/([^/]+)\/([^/]+)(?:\/([^/]+)\/([^/]+)(?:\/([a-z]+))?)?$/.exec(path)
  if (!m) return false
  const [, c, group, version, plural, ns, name, sub] = m.map((x) => (x === undefined ? x : decodeURIComponent(x)))
  const kind = kinds.find((k) => (k.group || 'core') === group && k.plural === plural)
  if (!kind) return fail(res, 404, 'unknown_kind', `No kind ${plural} in group ${group} on ${c}`), true

  if (!name) {
    if (scenario === 'forbidden' || plural === 'secrets') {
      return fail(res, 403, 'forbidden', `${plural} is forbidden: User "jane.doe@example.com" cannot list resource "${plural}" in API group "${group === 'core' ? '' : group}" at the cluster scope`), true
    }
    await new Promise((r) => setTimeout(r, 150))
    const namespace = url.searchParams.get('namespace')
    const labelSelector = url.searchParams.get('labelSelector')
    let body, format
    if (plural === 'pods') {
      const t = podTable(c)
      let rows = t.rows
      if (namespace) rows = rows.filter((r) => r.object.metadata.namespace === namespace)
      if (labelSelector) {
        const [k, v] = labelSelector.split('=')
        rows = rows.filter((r) => r.object.metadata.labels?.[k] === v)
      }
      body = { ...t, rows }
      format = 'table'
    } else if (plural === 'deployments') {
      const t = deploymentTable()
      body = { ...t, rows: namespace ? t.rows.filter((r) => r.object.metadata.namespace === namespace) : t.rows }
      format = 'table'
    } else {
      body = plainList(kind, plural === 'certificates' ? 0 : 14, kind.namespaced)
      if (namespace) body.items = body.items.filter((o) => o.metadata.namespace === namespace)
      format = 'list'
    }
    return json(res, 200, body, { 'X-Periscope-List-Format': format }), true
  }

  const enc = (s) => s
  if (sub === 'yaml' || (!sub && url.searchParams.get('format') === 'yaml')) {
    res.writeHead(200, { 'Content-Type': 'application/yaml' })
    return res.end(plural === 'deployments' ? deploymentYaml(ns, name) : `apiVersion: ${kind.group ? `${kind.group}/` : ''}${kind.version}\nkind: ${kind.kind}\nmetadata:\n  name: ${enc(name)}\n${ns !== '_' ? `  namespace: ${ns}\n` : ''}  labels:\n    app: demo\n`), true
  }
  if (sub === 'events') {
    return json(res, 200, {
      events: [
        { metadata: { name: `${name}.1`, uid: 'e1', creationTimestamp: ago(3_600_000) }, type: 'Normal', reason: 'Scheduled', message: `Successfully assigned ${ns}/${name} to ip-10-0-3-17.eu-west-1.compute.internal`, count: 1, lastTimestamp: ago(3_600_000), source: { component: 'default-scheduler' } },
        { metadata: { name: `${name}.2`, uid: 'e2', creationTimestamp: ago(3_500_000) }, type: 'Normal', reason: 'Pulled', message: 'Container image "registry.example/api:1.4.0" already present on machine', count: 1, lastTimestamp: ago(3_500_000), source: { component: 'kubelet' } },
        { metadata: { name: `${name}.3`, uid: 'e3', creationTimestamp: ago(600_000) }, type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container api in pod', count: 42, lastTimestamp: ago(30_000), source: { component: 'kubelet' } },
      ],
    }), true
  }
  if (sub === 'related') {
    return json(res, 200, {
      owners: plural === 'pods' ? [
        { group: 'apps', version: 'v1', kind: 'ReplicaSet', plural: 'replicasets', namespace: ns, name: `${name.split('-')[0]}-abc123`, uid: 'rs1' },
        { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespace: ns, name: name.split('-')[0], uid: 'd1' },
      ] : [],
      owned: plural === 'deployments' ? [{ group: 'apps', version: 'v1', kind: 'ReplicaSet', plural: 'replicasets', namespace: ns, name: `${name}-abc123`, uid: 'rs1' }] : [],
      problems: [],
    }), true
  }
  if (req.method === 'POST' && sub === 'apply') {
    const yaml = await readBody(req)
    if (url.searchParams.get('dryRun') === 'true') {
      const replicas = /replicas:\s*(\d+)/.exec(yaml)?.[1]
      const changes = [
        ...(replicas && replicas !== '3' ? [{ path: '/spec/replicas', op: 'replace', before: 3, after: Number(replicas) }] : []),
        ...(/tier:/.test(yaml) ? [{ path: '/metadata/labels/tier', op: 'add', after: /tier:\s*(\S+)/.exec(yaml)[1] }] : []),
        { path: '/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration', op: 'remove', before: '{"apiVersion":"apps/v1","kind":"Deployment"…}' },
      ]
      return json(res, 200, { dryRun: true, live: { metadata: { name } }, proposed: { metadata: { name } }, changes }), true
    }
    if (url.searchParams.get('force') !== 'true' && plural === 'deployments') {
      return json(res, 409, {
        code: 'apply_conflict', message: 'Apply failed with 1 conflict: conflict with "kube-controller-manager" using apps/v1: .spec.replicas', requestId: randomUUID().slice(0, 8),
        conflicts: [{ field: '.spec.replicas', manager: 'kube-controller-manager', message: 'conflict with "kube-controller-manager"' }, { field: '.spec.template.spec.containers[name="api"].image', manager: 'argocd-controller', message: '' }],
      }), true
    }
    return json(res, 200, { metadata: { name, namespace: ns } }), true
  }
  if (req.method === 'POST' && sub === 'reveal') return json(res, 200, { namespace: ns, name, type: 'Opaque', data: { username: Buffer.from('svc-ledger').toString('base64'), password: Buffer.from('hunter2-but-longer').toString('base64') } }, { 'Cache-Control': 'no-store' }), true
  if (req.method === 'POST' && ['scale', 'restart', 'trigger'].includes(sub)) return json(res, sub === 'trigger' ? 201 : 200, { metadata: { name } }), true
  if (req.method === 'DELETE') return json(res, 200, { status: 'Success' }), true
  if (!sub) {
    const o = plural === 'pods' ? podTable(c).rows.find((r) => r.object.metadata.name === name)?.object : { metadata: { name, namespace: ns } }
    return json(res, o ? 200 : 404, o ?? { code: 'not_found', message: `${plural} "${name}" not found`, requestId: 'x' }), true
  }
  return false
}

/** `GET /api/stream`: `ready` per subscription, then a pod change every 2 s, heartbeats every 15 s. */
export function stream(req, res, url, scenario, { fail }) {
  if (scenario === 'nosse') return fail(res, 503, 'unavailable', 'SSE blocked by the mock (scenario nosse)')
  const subs = JSON.parse(url.searchParams.get('subscriptions') ?? '[]')
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' })
  let rv = 300_000
  const send = (event, sub, data) => res.write(`event: ${event}\nid: ${sub.id}=${rv}\ndata: ${JSON.stringify({ subscription: sub.id, data })}\n\n`)
  for (const s of subs) send('ready', s, { resourceVersion: String(rv) })
  let n = 0
  const tick = setInterval(() => {
    for (const s of subs) {
      if (s.plural !== 'pods') continue
      rv++
      const o = pod(n++ % 50)
      o.metadata.resourceVersion = String(rv)
      send('change', s, { type: 'MODIFIED', object: o })
    }
  }, 2000)
  const hb = setInterval(() => res.write(': heartbeat\n\n'), 15_000)
  req.on('close', () => {
    clearInterval(tick)
    clearInterval(hb)
  })
}

/** `GET /api/stream/poll`: waits a little, answers no events and a position. */
export async function poll(req, res, url, { json }) {
  await new Promise((r) => setTimeout(r, 2000))
  json(res, 200, { events: [], position: url.searchParams.get('position') ?? 'p0' }) // events: [{type, subscription, data, id}]
}
