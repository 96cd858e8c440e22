import { apiFetch } from '../../api/client'

export type AuthzMode = 'shared' | 'tier' | 'raw'
export type Tier = 'read' | 'triage' | 'write' | 'maintain' | 'admin'

export interface WhoAmI {
  subject: string
  email: string
  groups: string[]
  mode: AuthzMode
  tier: Tier | null
  /** ISO-8601 instant the server-side session ends. */
  expiresAt: string
  auditAdmin: boolean
  csrfToken: string
}

export const authApi = {
  whoami: (signal?: AbortSignal) => apiFetch<WhoAmI>('/api/auth/whoami', { signal }),
  logout: () => apiFetch<{ redirectTo: string }>('/api/auth/logout', { method: 'POST' }),
}
