import { apiFetch, BACKGROUND } from '../../api/client'

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
  /** Administers agents and other people's sessions (tier admin or an explicit audit-admin group). */
  administrator: boolean
  /** `server`: clusters see Periscope's own identity, not this person (shared mode without impersonation). */
  clusterIdentity?: 'person' | 'server'
  csrfToken: string
}

export const authApi = {
  /** Never the person's activity: asking who one is does not extend the idle time-out. */
  whoami: (signal?: AbortSignal) => apiFetch<WhoAmI>('/api/auth/whoami', { signal, headers: BACKGROUND }),
  logout: () => apiFetch<{ redirectTo: string }>('/api/auth/logout', { method: 'POST' }),
}
