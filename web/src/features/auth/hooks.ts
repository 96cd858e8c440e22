import { useEffect } from 'react'
import { useMutation, useQuery } from '@tanstack/react-query'
import { browser, setCsrfToken } from '../../api/client'
import { authApi } from './api'

export const whoamiKey = ['auth', 'whoami'] as const

export function useWhoAmI() {
  const q = useQuery({
    queryKey: whoamiKey,
    // The token is set as soon as whoami answers (not in an effect): a child's first mutating
    // request, e.g. a detail pane's can-i pre-flight, may run before a parent's effects.
    queryFn: async ({ signal }) => {
      const me = await authApi.whoami(signal)
      setCsrfToken(me.csrfToken ?? null)
      return me
    },
    staleTime: 60_000,
    refetchInterval: 5 * 60_000,
  })
  const token = q.data?.csrfToken ?? null
  useEffect(() => setCsrfToken(token), [token])

  // Ask again right after the session ends: the 401 then sends the window to login at once
  // instead of at the next poll or the next failing request.
  const expiresAt = q.data?.expiresAt
  const { refetch } = q
  useEffect(() => {
    if (!expiresAt) return
    const ms = Date.parse(expiresAt) - Date.now() + 1000
    if (Number.isNaN(ms) || ms > 2 ** 31 - 1) return
    const id = window.setTimeout(() => void refetch(), Math.max(ms, 1000))
    return () => window.clearTimeout(id)
  }, [expiresAt, refetch])
  return q
}

export function useLogout() {
  return useMutation({
    mutationFn: authApi.logout,
    onSuccess: ({ redirectTo }) => browser.assign(redirectTo || '/'),
  })
}
