import { expect, test } from 'vitest'
import type { KubeObject } from './api'
import { endpointsOf, endpointsVerdict } from './serviceEndpoints'

const slice = (endpoints: object[], ports: object[] = [{ name: 'http', port: 8080, protocol: 'TCP' }]) =>
  ({ kind: 'EndpointSlice', metadata: { name: 's' }, addressType: 'IPv4', endpoints, ports }) as unknown as KubeObject
const endpoint = (ip: string, pod: string, ready: boolean | undefined, extra: object = {}) => ({
  addresses: [ip], nodeName: 'node-a', targetRef: { kind: 'Pod', name: pod, namespace: 'shop' }, conditions: ready === undefined ? {} : { ready }, ...extra,
})
const service = (spec: object) => ({ kind: 'Service', metadata: { name: 'web' }, spec }) as unknown as KubeObject

test('endpoints are read from every slice, each pod once, ready ones first; no ready condition counts as ready', () => {
  const e = endpointsOf([
    slice([endpoint('10.0.0.3', 'web-c', false), endpoint('10.0.0.1', 'web-a', true)]),
    slice([endpoint('10.0.0.1', 'web-a', true), endpoint('10.0.0.2', 'web-b', undefined, { conditions: { terminating: true } })]),
  ])
  expect(e.endpoints.map((x) => [x.pod, x.ready, x.terminating])).toEqual([['web-a', true, false], ['web-b', true, true], ['web-c', false, false]])
  expect([e.ready, e.notReady, e.ports]).toEqual([2, 1, ['http 8080/TCP']])
})

test('a dual-stack Service lists each pod once with both its addresses; endpoints without a pod are read by address', () => {
  const e = endpointsOf([
    slice([endpoint('10.0.0.1', 'web-a', true), endpoint('10.0.0.2', 'web-b', true)]),
    slice([endpoint('fd00::1', 'web-a', true), endpoint('fd00::2', 'web-b', true)]),
    slice([{ addresses: ['192.168.9.9'], conditions: { ready: true } }]),
  ])
  expect(e.endpoints.map((x) => [x.pod, x.addresses])).toEqual([[undefined, ['192.168.9.9']], ['web-a', ['10.0.0.1', 'fd00::1']], ['web-b', ['10.0.0.2', 'fd00::2']]])
  expect(e.ready).toBe(3)
})

test('what the endpoints mean for traffic: none is an outage, some not ready is less capacity, no selector is someone else’s', () => {
  const selected = service({ selector: { app: 'web' } })
  expect(endpointsVerdict(selected, endpointsOf([]))).toMatchObject({ tone: 'danger', text: 'none', why: expect.stringContaining('No running pod matches the selector') })
  expect(endpointsVerdict(selected, endpointsOf([slice([endpoint('10.0.0.1', 'a', false)])]))).toMatchObject({ tone: 'danger', text: '0 ready · 1 not ready' })
  expect(endpointsVerdict(selected, endpointsOf([slice([endpoint('10.0.0.1', 'a', true), endpoint('10.0.0.2', 'b', false)])])))
    .toMatchObject({ tone: 'warning', text: '1 ready · 1 not ready' })
  expect(endpointsVerdict(selected, endpointsOf([slice([endpoint('10.0.0.1', 'a', true)])]))).toEqual({ tone: 'success', text: '1 ready' })
  expect(endpointsVerdict(service({}), endpointsOf([]))).toMatchObject({ tone: 'neutral', text: 'none' })
  expect(endpointsVerdict(service({ type: 'ExternalName', externalName: 'db.example.com' }), endpointsOf([]))).toMatchObject({ why: 'DNS answers with db.example.com' })
})
