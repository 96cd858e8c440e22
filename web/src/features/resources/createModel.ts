/**
 * The Create form's model: a minimal, valid starter manifest for a kind (a fuller skeleton for the
 * kinds people create by hand most), a small YAML writer for it and for the apiserver's dry-run
 * answer, and a light read of `metadata.name` / `namespace` from the person's edit (no YAML
 * library: block-style YAML as the starter writes it, or JSON) to say where the object lands.
 */
import type { DiscoveredKind, KubeObject } from './api'
import { toYaml } from '../../lib/sortedYaml'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** `apps/v1`, or `v1` for the core group. */
export function apiVersionOf(k: Pick<DiscoveredKind, 'group' | 'version'>): string {
  return k.group && k.group !== 'core' ? `${k.group}/${k.version}` : k.version
}

/** Where the form puts a namespaced object when the list has no namespace filter (as kubectl). */
export const FORM_DEFAULT_NAMESPACE = 'default'

/**
 * The manifest the form opens with: apiVersion and kind from discovery, a placeholder name, the
 * namespace (the list's namespace filter, else `default`) when the kind is namespaced, and a spec
 * skeleton for ConfigMap, Secret, Deployment, Service, Job, CronJob (Namespace needs none).
 */
export function starterManifest(k: Pick<DiscoveredKind, 'group' | 'version' | 'kind' | 'namespaced'>, namespace: string | undefined): string {
  const name = `new-${k.kind.toLowerCase()}`
  const metadata: Record<string, Json> = { name }
  if (k.namespaced) metadata.namespace = namespace || FORM_DEFAULT_NAMESPACE
  const head: Record<string, Json> = { apiVersion: apiVersionOf(k), kind: k.kind, metadata }
  const builtIn = (group: string) => (k.group === 'core' ? '' : k.group) === group
  const body = builtIn('') || builtIn('apps') || builtIn('batch') ? skeleton(k.kind, name) : undefined
  return toYaml({ ...head, ...(body ?? {}) }) + (body ? '' : '# Add the fields this kind needs (spec, data, rules…), then Dry run.\n')
}

function skeleton(kind: string, name: string): Record<string, Json> | undefined {
  const labels = { app: name }
  const container = { name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }
  const job = { backoffLimit: 2, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'job', image: 'busybox:1.36', command: ['sh', '-c', 'echo hello'] }] } } }
  switch (kind) {
    case 'ConfigMap':
      return { data: { 'example.key': 'value' } }
    case 'Secret':
      // stringData: written as plain text, stored base64-encoded in data; never shown back.
      return { type: 'Opaque', stringData: { username: 'admin', password: 'change-me' } }
    case 'Deployment':
      return { spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [container] } } } }
    case 'Service':
      return { spec: { type: 'ClusterIP', selector: labels, ports: [{ name: 'http', port: 80, targetPort: 80, protocol: 'TCP' }] } }
    case 'Job':
      return { spec: job }
    case 'CronJob':
      return { spec: { schedule: '*/15 * * * *', concurrencyPolicy: 'Forbid', jobTemplate: { spec: job } } }
    case 'Namespace':
      return {}
    default:
      return undefined
  }
}

/** What the apiserver would create, for reading: without `managedFields` (noise the person never wrote). */
export function createdYaml(o: KubeObject): string {
  const { managedFields: _m, ...metadata } = o.metadata as KubeObject['metadata'] & { managedFields?: unknown }
  return toYaml({ ...o, metadata })
}

export interface ManifestMeta {
  name?: string
  generateName?: string
  namespace?: string
}

/** `metadata.name`, `generateName` and `namespace` of a YAML or JSON manifest, as far as a light read finds them. */
export function manifestMeta(text: string): ManifestMeta {
  const trimmed = text.trim()
  if (trimmed.startsWith('{')) {
    try {
      const meta = (JSON.parse(trimmed) as { metadata?: Record<string, unknown> }).metadata ?? {}
      const str = (x: unknown) => (typeof x === 'string' && x ? x : undefined)
      return { name: str(meta.name), generateName: str(meta.generateName), namespace: str(meta.namespace) }
    } catch {
      return {}
    }
  }
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''))
  const start = lines.findIndex((l) => /^metadata:[ \t]*(#.*)?$/.test(l))
  if (start < 0) return {}
  const out: ManifestMeta = {}
  let indent: string | null = null
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]
    if (/^[ \t]*(#.*)?$/.test(line)) continue
    const lead = /^([ \t]*)/.exec(line)![1]
    if (lead === '') break // the next top-level key
    indent ??= lead
    if (lead !== indent) continue // deeper: labels, annotations
    const m = /^[ \t]+(name|generateName|namespace):[ \t]*(.*?)[ \t]*(#.*)?$/.exec(line)
    if (m && m[2]) out[m[1] as keyof ManifestMeta] = unquote(m[2])
  }
  return out
}

function unquote(v: string): string {
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) {
    try {
      return JSON.parse(v) as string
    } catch {
      return v.slice(1, -1)
    }
  }
  return v.length >= 2 && v.startsWith("'") && v.endsWith("'") ? v.slice(1, -1).replace(/''/g, "'") : v
}
