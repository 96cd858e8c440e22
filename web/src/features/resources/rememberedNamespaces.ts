import { readJson, writeJson } from '../../lib/storage'

/**
 * The namespaces a person has opened, per cluster, most recent first. A person whose role may not
 * list namespaces (a RoleBinding in a few namespaces only, raw mode's usual shape) cannot be offered
 * the cluster's namespaces; these are offered instead, so the namespaces they work in are one click away.
 * Kept in this browser only: the names are ones the person typed or opened, nothing the server told.
 */
const KEY = 'periscope.namespaces.v1'
const MAX_PER_CLUSTER = 12

/** A Kubernetes namespace name (an RFC 1123 label): what is worth remembering or sending. */
export const isNamespaceName = (s: string) => /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(s)

type Remembered = Record<string, string[]>

function readAll(storage?: Storage): Remembered {
  const all = readJson<unknown>(KEY, {}, storage)
  return all && typeof all === 'object' && !Array.isArray(all) ? (all as Remembered) : {}
}

export function rememberedNamespaces(cluster: string, storage?: Storage): string[] {
  const list = readAll(storage)[cluster]
  return Array.isArray(list) ? list.filter((n) => typeof n === 'string' && isNamespaceName(n)) : []
}

/** Puts `namespace` first for `cluster`; the oldest beyond twelve fall off. */
export function rememberNamespace(cluster: string, namespace: string, storage?: Storage): void {
  if (!isNamespaceName(namespace)) return
  const all = readAll(storage)
  const before = rememberedNamespaces(cluster, storage)
  if (before[0] === namespace) return
  all[cluster] = [namespace, ...before.filter((n) => n !== namespace)].slice(0, MAX_PER_CLUSTER)
  writeJson(KEY, all, storage)
}
