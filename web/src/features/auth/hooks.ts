import { useEffect, useState } from 'react'
import { useMutation, useQuery } from '@tanstack/react-query'
import { browser, setCsrfToken } from '../../api/client'
import { authApi } from './api'

export const whoamiKey = ['auth', 'whoami'] as const

export function useWhoAmI() {
  const q = useQuery({
    queryKey: whoamiKey,
    queryFn: ({ signal }) => authApi.whoami(signal),
    staleTime: 60_000,
    refetchInterval: 5 * 60_000,
  })
  const token = q.data?.csrfToken ?? null
  useEffect(() => setCsrfToken(token), [token])
  return q
}

export function useLogout() {
  return useMutation({
    mutationFn: authApi.logout,
    onSuccess: ({ redirectTo }) => browser.assign(redirectTo || '/'),
  })
}

/** The current time, re-read every `intervalMs`. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), intervalMs)
    return () => window.clearInterval(id)
  }, [intervalMs])
  return now
}
