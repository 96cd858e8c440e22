import { useQuery } from '@tanstack/react-query'
import { imagesApi, type ImageQuery } from './api'

/** Reads every pod of every cluster (or one): kept a minute, refreshed only when asked. */
export const useFleetImages = (q: ImageQuery) =>
  useQuery({
    queryKey: ['images', q.text, q.cluster],
    queryFn: ({ signal }) => imagesApi.find(q, signal),
    staleTime: 60_000,
  })
