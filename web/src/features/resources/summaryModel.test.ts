import { expect, test } from 'vitest'
import type { KubeObject } from './api'
import { annotationValue, conditionsOf, eventFactsOf, containersOf, nodeFactsOf, podSelectorOf, serviceFactsOf, cronJobFactsOf, rolloutStatusOf, budgetFactsOf, ingressFactsOf, probeText } from './summaryModel'

const pod: KubeObject = {
  kind: 'Pod',
  metadata: { name: 'ledger-worker-1', namespace: 'payments' },
  spec: {
    initContainers: [{ name: 'migrate', image: 'ledger:1.8.0' }],
    containers: [
      { name: 'worker', image: 'ledger:1.8.0', resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } } },
      { name: 'proxy', image: 'envoy:1.30' },
      { name: 'metrics', image: 'exporter:2' },
    ],
  },
  status: {
    initContainerStatuses: [{ name: 'migrate', ready: false, restartCount: 0, state: { terminated: { reason: 'Completed', exitCode: 0 } } }],
    containerStatuses: [
      {
        name: 'worker',
        ready: false,
        restartCount: 17,
        state: { waiting: { reason: 'CrashLoopBackOff' } },
        lastState: { terminated: { reason: 'OOMKilled', exitCode: 137, finishedAt: '2026-12-01T00:05:00Z' } },
      },
      { name: 'proxy', ready: true, restartCount: 0, state: { running: { startedAt: '2026-12-01T00:00:00Z' } } },
      { name: 'metrics', ready: false, restartCount: 1, state: { terminated: { reason: 'Error', exitCode: 137 } } },
    ],
    conditions: [
      { type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [worker]', lastTransitionTime: '2026-12-01T00:00:00Z' },
      { type: 'PodScheduled', status: 'True' },
    ],
  },
}

test('a pod: init containers first, each with kubectl\'s state word, readiness and restarts', () => {
  expect(containersOf(pod)).toEqual([
    { name: 'migrate', image: 'ledger:1.8.0', init: true, state: 'Completed', tone: 'success', ready: false, restarts: 0 },
    {
      name: 'worker',
      image: 'ledger:1.8.0',
      init: false,
      state: 'CrashLoopBackOff',
      tone: 'danger',
      ready: false,
      restarts: 17,
      // kubectl describe's Last State: why the crash loop crashes.
      last: { state: 'OOMKilled (exit 137)', tone: 'danger', at: '2026-12-01T00:05:00Z' },
      resources: 'requests cpu 250m, memory 256Mi · limits memory 512Mi',
    },
    { name: 'proxy', image: 'envoy:1.30', init: false, state: 'Running', tone: 'success', ready: true, restarts: 0 },
    { name: 'metrics', image: 'exporter:2', init: false, state: 'Error (exit 137)', tone: 'danger', ready: false, restarts: 1 },
  ])
})

test('workloads show their template\'s containers (CronJobs through the job template), without states', () => {
  const deployment: KubeObject = {
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { template: { spec: { containers: [{ name: 'web', image: 'web:2', resources: { limits: { cpu: 1, 'nvidia.com/gpu': '1' }, requests: {} } }] } } },
  }
  const cronJob: KubeObject = {
    kind: 'CronJob',
    metadata: { name: 'report' },
    spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'report', image: 'report:1' }] } } } } },
  }
  expect(containersOf(deployment)).toEqual([{ name: 'web', image: 'web:2', init: false, resources: 'limits cpu 1, nvidia.com/gpu 1' }])
  expect(containersOf(cronJob)).toEqual([{ name: 'report', image: 'report:1', init: false }])
  expect(containersOf({ kind: 'ConfigMap', metadata: { name: 'c' } })).toEqual([])
})

test('conditions keep the apiserver\'s order; True is good except where it means trouble', () => {
  expect(conditionsOf(pod).map((c) => [c.type, c.tone, c.reason, c.since])).toEqual([
    ['Ready', 'warning', 'ContainersNotReady', '2026-12-01T00:00:00Z'],
    ['PodScheduled', 'success', undefined, undefined],
  ])
  const node: KubeObject = { kind: 'Node', metadata: { name: 'n' }, status: { conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'DiskPressure', status: 'True' }, { type: 'Ready', status: 'Unknown' }] } }
  expect(conditionsOf(node).map((c) => c.tone)).toEqual(['success', 'warning', 'warning'])
})

test('the pods a workload runs or a Service routes to, as a label selector the list page takes', () => {
  const deployment: KubeObject = {
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      selector: {
        matchLabels: { app: 'web' },
        matchExpressions: [
          { key: 'tier', operator: 'In', values: ['front', 'edge'] },
          { key: 'canary', operator: 'DoesNotExist' },
          { key: 'track', operator: 'NotIn', values: ['beta'] },
          { key: 'team', operator: 'Exists' },
        ],
      },
      template: { spec: { containers: [] } },
    },
  }
  expect(podSelectorOf(deployment)).toBe('app=web,tier in (front,edge),!canary,track notin (beta),team')
  expect(podSelectorOf({ kind: 'Service', metadata: { name: 's' }, spec: { selector: { app: 'web', tier: 'front' } } })).toBe('app=web,tier=front')
  expect(podSelectorOf({ kind: 'Service', metadata: { name: 'external' }, spec: { type: 'ExternalName' } })).toBeUndefined()
  // A PodDisruptionBudget has no template, but its selector is of pods: linked. Another kind's selector without a template is not.
  expect(podSelectorOf({ kind: 'PodDisruptionBudget', metadata: { name: 'p' }, spec: { selector: { matchLabels: { app: 'web' } } } })).toBe('app=web')
  expect(podSelectorOf({ kind: 'Gadget', metadata: { name: 'g' }, spec: { selector: { matchLabels: { app: 'web' } } } })).toBeUndefined()
})

test('the applied-configuration annotation is named, not shown; long values are cut', () => {
  expect(annotationValue('kubectl.kubernetes.io/last-applied-configuration', '{"apiVersion":"v1"}')).toBe('(the last applied manifest: see YAML)')
  expect(annotationValue('deployment.kubernetes.io/revision', '3')).toBe('3')
  expect(annotationValue('note', 'x'.repeat(200))).toHaveLength(118)
})

test("a node's versions, addresses, taints as kubectl writes them, and allocatable of capacity", () => {
  const node: KubeObject = {
    kind: 'Node',
    metadata: { name: 'ip-10-0-1-11.ec2.internal' },
    spec: { unschedulable: true, taints: [{ key: 'dedicated', value: 'critical', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] },
    status: {
      nodeInfo: { kubeletVersion: 'v1.31.4-eks-2d5f260', osImage: 'Amazon Linux 2023', architecture: 'amd64', containerRuntimeVersion: 'containerd://1.7.22' },
      addresses: [{ type: 'InternalIP', address: '10.0.1.11' }, { type: 'Hostname', address: 'ip-10-0-1-11.ec2.internal' }],
      capacity: { cpu: '4', memory: '16069100Ki', pods: '58' },
      allocatable: { cpu: '3920m', memory: '15050220Ki', pods: '58' },
    },
  }
  expect(nodeFactsOf(node)).toEqual({
    kubelet: 'v1.31.4-eks-2d5f260',
    os: 'Amazon Linux 2023 · amd64',
    runtime: 'containerd://1.7.22',
    addresses: ['InternalIP 10.0.1.11', 'Hostname ip-10-0-1-11.ec2.internal'],
    taints: ['dedicated=critical:NoSchedule', 'node.kubernetes.io/unschedulable:NoSchedule'],
    resources: [
      { name: 'cpu', allocatable: '3920m', capacity: '4' },
      { name: 'memory', allocatable: '15050220Ki', capacity: '16069100Ki' },
      { name: 'pods', allocatable: '58', capacity: '58' },
    ],
    unschedulable: true,
  })
  expect(nodeFactsOf({ kind: 'Pod', metadata: { name: 'p' } })).toBeUndefined()
})

test("a service's type, ports with targets and node ports, and its load balancer's address", () => {
  const svc: KubeObject = {
    kind: 'Service',
    metadata: { name: 'payments-api-public' },
    spec: { type: 'LoadBalancer', clusterIP: '172.20.14.3', ports: [{ name: 'https', port: 443, targetPort: 8443, nodePort: 31443, protocol: 'TCP' }, { port: 80 }] },
    status: { loadBalancer: { ingress: [{ hostname: 'k8s-payments-0123.elb.us-east-1.amazonaws.com' }] } },
  }
  expect(serviceFactsOf(svc)).toEqual({
    type: 'LoadBalancer',
    clusterIP: '172.20.14.3',
    ports: ['https 443/TCP → 8443 (node 31443)', '80/TCP'],
    external: ['k8s-payments-0123.elb.us-east-1.amazonaws.com'],
  })
})

test("a CronJob's schedule, suspension, last runs and active Jobs, as kubectl get cronjob shows them", () => {
  const cj = { kind: 'CronJob', metadata: { name: 'nightly' },
    spec: { schedule: '0 3 * * *', timeZone: 'Europe/Berlin', suspend: true },
    status: { lastScheduleTime: '2026-03-01T03:00:00Z', lastSuccessfulTime: '2026-02-28T03:00:05Z', active: [{ name: 'nightly-1' }] } } as KubeObject
  expect(cronJobFactsOf(cj)).toEqual({ schedule: '0 3 * * *', timeZone: 'Europe/Berlin', suspended: true,
    lastSchedule: '2026-03-01T03:00:00Z', lastSuccessful: '2026-02-28T03:00:05Z', active: 1 })
  expect(cronJobFactsOf({ kind: 'CronJob', metadata: { name: 'x' }, spec: { schedule: '*/5 * * * *' } } as KubeObject))
    .toEqual({ schedule: '*/5 * * * *', timeZone: undefined, suspended: false, lastSchedule: undefined, lastSuccessful: undefined, active: 0 })
  expect(cronJobFactsOf({ kind: 'Job', metadata: { name: 'x' } } as KubeObject)).toBeUndefined()
})

test("a workload's rollout in kubectl rollout status's words, step by step", () => {
  const deploy = (status: object, extra: object = {}) =>
    ({ kind: 'Deployment', metadata: { name: 'web', generation: 4 }, spec: { replicas: 3, ...extra }, status: { observedGeneration: 4, ...status } }) as unknown as KubeObject
  expect(rolloutStatusOf({ ...deploy({}), status: { observedGeneration: 3 } } as KubeObject))
    .toEqual({ message: 'Waiting for deployment spec update to be observed...', state: 'progressing' })
  expect(rolloutStatusOf(deploy({ replicas: 4, updatedReplicas: 1, availableReplicas: 3 })))
    .toEqual({ message: 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...', state: 'progressing' })
  expect(rolloutStatusOf(deploy({ replicas: 4, updatedReplicas: 3, availableReplicas: 3 })))
    .toEqual({ message: 'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...', state: 'progressing' })
  expect(rolloutStatusOf(deploy({ replicas: 3, updatedReplicas: 3, availableReplicas: 2 })))
    .toEqual({ message: 'Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...', state: 'progressing' })
  expect(rolloutStatusOf(deploy({ replicas: 3, updatedReplicas: 3, availableReplicas: 3 })))
    .toEqual({ message: 'deployment "web" successfully rolled out', state: 'complete' })
  expect(rolloutStatusOf(deploy({ updatedReplicas: 1, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] })))
    .toEqual({ message: 'deployment "web" exceeded its progress deadline', state: 'stalled' })
  expect(rolloutStatusOf(deploy({}, { paused: true }))?.state).toBe('paused')

  const ds = (status: object) => ({ kind: 'DaemonSet', metadata: { name: 'aws-node' }, spec: {}, status }) as unknown as KubeObject
  expect(rolloutStatusOf(ds({ desiredNumberScheduled: 3, updatedNumberScheduled: 2, numberAvailable: 3 })))
    .toEqual({ message: 'Waiting for daemon set "aws-node" rollout to finish: 2 out of 3 new pods have been updated...', state: 'progressing' })
  expect(rolloutStatusOf(ds({ desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 2 })))
    .toEqual({ message: 'Waiting for daemon set "aws-node" rollout to finish: 2 of 3 updated pods are available...', state: 'progressing' })
  expect(rolloutStatusOf(ds({ desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3 })))
    .toEqual({ message: 'daemon set "aws-node" successfully rolled out', state: 'complete' })

  const sts = (status: object, spec: object = {}) =>
    ({ kind: 'StatefulSet', metadata: { name: 'db', generation: 2 }, spec: { replicas: 2, ...spec }, status: { observedGeneration: 2, ...status } }) as unknown as KubeObject
  expect(rolloutStatusOf({ ...sts({}), status: {} } as KubeObject)).toEqual({ message: 'Waiting for statefulset spec update to be observed...', state: 'progressing' })
  expect(rolloutStatusOf(sts({ readyReplicas: 1 }))).toEqual({ message: 'Waiting for 1 pods to be ready...', state: 'progressing' })
  expect(rolloutStatusOf(sts({ readyReplicas: 2, currentRevision: 'db-1', updateRevision: 'db-2', updatedReplicas: 1 })))
    .toEqual({ message: 'waiting for statefulset rolling update to complete 1 pods at revision db-2...', state: 'progressing' })
  expect(rolloutStatusOf(sts({ readyReplicas: 2, currentRevision: 'db-2', updateRevision: 'db-2', currentReplicas: 2 })))
    .toEqual({ message: 'statefulset rolling update complete 2 pods at revision db-2...', state: 'complete' })
  const partitioned = { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } }
  expect(rolloutStatusOf(sts({ readyReplicas: 2, updatedReplicas: 0 }, partitioned)))
    .toEqual({ message: 'Waiting for partitioned roll out to finish: 0 out of 1 new pods have been updated...', state: 'progressing' })
  expect(rolloutStatusOf(sts({ readyReplicas: 2, updatedReplicas: 1 }, partitioned)))
    .toEqual({ message: 'partitioned roll out complete: 1 new pods have been updated...', state: 'complete' })
  expect(rolloutStatusOf({ kind: 'ReplicaSet', metadata: { name: 'x' } } as KubeObject)).toBeUndefined()
})

test("a PodDisruptionBudget's facts as kubectl get pdb prints them, and its selector links to the pods it covers", () => {
  const pdb = {
    kind: 'PodDisruptionBudget',
    metadata: { name: 'payments-api', namespace: 'payments', generation: 2 },
    spec: { minAvailable: 3, selector: { matchLabels: { 'app.kubernetes.io/name': 'payments-api' } } },
    status: { observedGeneration: 2, disruptionsAllowed: 0, currentHealthy: 3, desiredHealthy: 3, expectedPods: 3 },
  }
  expect(budgetFactsOf(pdb)).toEqual({ minAvailable: '3', maxUnavailable: undefined, allowed: 0, healthy: 3, desiredHealthy: 3, expected: 3 })
  expect(podSelectorOf(pdb)).toBe('app.kubernetes.io/name=payments-api')
  expect(budgetFactsOf({ kind: 'PodDisruptionBudget', metadata: { name: 'p' }, spec: { maxUnavailable: '25%' } })).toEqual({
    // No status yet: the disruption controller has not computed what it allows (not the same as 0).
    minAvailable: undefined, maxUnavailable: '25%', allowed: undefined, healthy: undefined, desiredHealthy: undefined, expected: undefined,
  })
  // As an apiserver answers a budget just made or just changed: zeros, but not yet read by the disruption controller.
  const fresh = { ...pdb, metadata: { ...pdb.metadata, generation: 3 }, status: { ...pdb.status, observedGeneration: 2 } }
  expect(budgetFactsOf(fresh)?.allowed).toBeUndefined()
  expect(budgetFactsOf({ kind: 'Deployment', metadata: { name: 'web' } })).toBeUndefined()
})

test("an Ingress's routes, default backend, TLS and address, as kubectl describe ingress lists them", () => {
  const ingress = {
    kind: 'Ingress',
    metadata: { name: 'shop', namespace: 'checkout', annotations: { 'kubernetes.io/ingress.class': 'legacy' } },
    spec: {
      tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
      defaultBackend: { resource: { apiGroup: 'k8s.example.com', kind: 'StorageBucket', name: 'static' } },
      rules: [
        { host: 'shop.example.com', http: { paths: [
          { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } },
          { path: '/api', pathType: 'Prefix', backend: { service: { name: 'api', port: { name: 'http' } } } },
        ] } },
        { http: { paths: [{ backend: { service: { name: 'catch-all', port: { number: 8080 } } } }] } },
      ],
    },
    status: { loadBalancer: { ingress: [{ hostname: 'lb.example.com' }, { ip: '203.0.113.7' }] } },
  } as unknown as KubeObject
  expect(ingressFactsOf(ingress)).toEqual({
    className: 'legacy',
    routes: [
      { host: 'shop.example.com', path: '/', pathType: 'Prefix', backend: { service: 'web', port: '80' } },
      { host: 'shop.example.com', path: '/api', pathType: 'Prefix', backend: { service: 'api', port: 'http' } },
      { host: '*', path: '/', pathType: undefined, backend: { service: 'catch-all', port: '8080' } },
    ],
    defaultBackend: { resource: 'StorageBucket/static' },
    tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
    addresses: ['lb.example.com', '203.0.113.7'],
  })
  expect(ingressFactsOf({ ...ingress, kind: 'Service' })).toBeUndefined()
})

test('probes read as kubectl describe prints them, with the defaults the spec leaves out', () => {
  expect(probeText({ httpGet: { path: '/ready', port: 8080 }, periodSeconds: 5, failureThreshold: 6 }))
    .toBe('http-get http://:8080/ready delay=0s timeout=1s period=5s #success=1 #failure=6')
  expect(probeText({ httpGet: { path: '/healthz', port: 'https', scheme: 'HTTPS' }, initialDelaySeconds: 30 }))
    .toBe('http-get https://:https/healthz delay=30s timeout=1s period=10s #success=1 #failure=3')
  expect(probeText({ tcpSocket: { port: 5432 }, timeoutSeconds: 3 })).toBe('tcp-socket :5432 delay=0s timeout=3s period=10s #success=1 #failure=3')
  expect(probeText({ exec: { command: ['pg_isready', '-U', 'app'] } })).toBe('exec [pg_isready -U app] delay=0s timeout=1s period=10s #success=1 #failure=3')
  expect(probeText({ grpc: { port: 9090 } })).toBe('grpc <pod>:9090 delay=0s timeout=1s period=10s #success=1 #failure=3')
  const pod = { kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'app', image: 'a', readinessProbe: { tcpSocket: { port: 80 } }, livenessProbe: { exec: { command: ['true'] } } }] } } as unknown as KubeObject
  expect(containersOf(pod)[0].probes).toEqual(['Liveness: exec [true] delay=0s timeout=1s period=10s #success=1 #failure=3', 'Readiness: tcp-socket :80 delay=0s timeout=1s period=10s #success=1 #failure=3'])
})

test("an Event's facts in both shapes: core/v1 (involvedObject, count, source) and events.k8s.io/v1 (regarding, note, series)", () => {
  const core = {
    kind: 'Event',
    metadata: { name: 'ip-10-0-3-13.ec2.internal.517859f6', namespace: 'default' },
    involvedObject: { apiVersion: 'v1', kind: 'Node', name: 'ip-10-0-3-13.ec2.internal' },
    type: 'Warning',
    reason: 'NodeNotReady',
    message: 'Node ip-10-0-3-13.ec2.internal status is now: NodeNotReady',
    count: 3,
    firstTimestamp: '2026-12-06T21:38:07Z',
    lastTimestamp: '2026-12-06T22:37:37Z',
    source: { component: 'node-controller' },
  } as unknown as KubeObject
  expect(eventFactsOf(core)).toEqual({
    type: 'Warning',
    reason: 'NodeNotReady',
    message: 'Node ip-10-0-3-13.ec2.internal status is now: NodeNotReady',
    about: { apiVersion: 'v1', kind: 'Node', name: 'ip-10-0-3-13.ec2.internal', namespace: undefined },
    count: 3,
    firstSeen: '2026-12-06T21:38:07Z',
    lastSeen: '2026-12-06T22:37:37Z',
    source: 'node-controller',
  })

  const eventsV1 = {
    kind: 'Event',
    metadata: { name: 'web-1.17a', namespace: 'shop' },
    regarding: { apiVersion: 'v1', kind: 'Pod', name: 'web-1', namespace: 'shop' },
    type: 'Warning',
    reason: 'BackOff',
    note: 'Back-off restarting failed container web',
    eventTime: '2026-12-06T20:00:00.000000Z',
    series: { count: 17, lastObservedTime: '2026-12-06T22:00:00.000000Z' },
    reportingController: 'kubelet',
    reportingInstance: 'ip-10-0-1-11.ec2.internal',
  } as unknown as KubeObject
  expect(eventFactsOf(eventsV1)).toMatchObject({
    message: 'Back-off restarting failed container web',
    about: { kind: 'Pod', name: 'web-1', namespace: 'shop' },
    count: 17,
    firstSeen: '2026-12-06T20:00:00.000000Z',
    lastSeen: '2026-12-06T22:00:00.000000Z',
    source: 'kubelet, ip-10-0-1-11.ec2.internal',
  })

  // A single event has no series: seen once, at its time.
  const once = { ...eventsV1, series: undefined } as unknown as KubeObject
  expect(eventFactsOf(once)).toMatchObject({ count: undefined, lastSeen: '2026-12-06T20:00:00.000000Z' })
  expect(eventFactsOf({ kind: 'Pod', metadata: { name: 'web-1' } })).toBeUndefined()
})
