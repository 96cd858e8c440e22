import { useQuery } from '@tanstack/react-query'
import { helmApi } from './api'

const key = (...parts: unknown[]) => ['helm', ...parts]

export const useReleases = (cluster: string | null, namespace: string) =>
  useQuery({
    queryKey: key(cluster, 'list', namespace),
    queryFn: ({ signal }) => helmApi.list(cluster!, namespace, signal),
    enabled: !!cluster,
  })

/** Every cluster's releases; only asked for while no cluster is chosen (each look is audited per cluster). */
export const useFleetReleases = (enabled: boolean) =>
  useQuery({ queryKey: key('fleet'), queryFn: ({ signal }) => helmApi.fleet(signal), enabled })

export const useHistory = (cluster: string, ns: string, name: string) =>
  useQuery({ queryKey: key(cluster, ns, name, 'history'), queryFn: ({ signal }) => helmApi.history(cluster, ns, name, signal) })

export const useValues = (cluster: string, ns: string, name: string, rev: number | null) =>
  useQuery({
    queryKey: key(cluster, ns, name, 'values', rev),
    queryFn: ({ signal }) => helmApi.values(cluster, ns, name, rev!, signal),
    enabled: rev !== null,
  })

export const useManifest = (cluster: string, ns: string, name: string, rev: number | null) =>
  useQuery({
    queryKey: key(cluster, ns, name, 'manifest', rev),
    queryFn: ({ signal }) => helmApi.manifest(cluster, ns, name, rev!, signal),
    enabled: rev !== null,
  })

export const useNotes = (cluster: string, ns: string, name: string, rev: number | null) =>
  useQuery({
    queryKey: key(cluster, ns, name, 'notes', rev),
    queryFn: ({ signal }) => helmApi.notes(cluster, ns, name, rev!, signal),
    enabled: rev !== null,
  })

export const useReleaseDiff = (cluster: string, ns: string, name: string, from: number | null, to: number | null) =>
  useQuery({
    queryKey: key(cluster, ns, name, 'diff', from, to),
    queryFn: ({ signal }) => helmApi.diff(cluster, ns, name, from!, to!, signal),
    enabled: from !== null && to !== null && from !== to,
  })

/** Read again on each visit to the tab (a minute's cache at most): drift is about now. */
export const useReleaseDrift = (cluster: string, ns: string, name: string) =>
  useQuery({ queryKey: key(cluster, ns, name, 'drift'), queryFn: ({ signal }) => helmApi.drift(cluster, ns, name, signal), staleTime: 0 })
