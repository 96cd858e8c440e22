/**
 * The exec shell's WebSocket protocol (docs/api.md "Exec shell"), framework-free so it is tested
 * without a terminal. Browser → server: JSON `{type: "stdin", data}` and `{type: "resize", cols, rows}`.
 * Server → browser: binary frames are terminal output; text frames are JSON control messages
 * (`ready`, `exit`, `error`); a close code says why the session ended.
 */

export type ExecShell = 'auto' | 'sh' | 'bash'

export type ExecControl =
  | { type: 'ready'; container: string; shell: string }
  | { type: 'exit'; code: number; reason: string }
  // askAdmin: a refused shell's grant to ask for, as in a 403 body (read with askAdminOf)
  | { type: 'error'; code: string; message: string; askAdmin?: unknown }

export const execFrames = {
  stdin: (data: string) => JSON.stringify({ type: 'stdin', data }),
  resize: (cols: number, rows: number) =>
    JSON.stringify({ type: 'resize', cols: clamp(cols), rows: clamp(rows) }),
}

const clamp = (n: number) => Math.min(10_000, Math.max(1, Math.round(n)))

/** A text frame as a control message; null for anything the protocol does not define. */
export function parseControl(text: string): ExecControl | null {
  let m: unknown
  try {
    m = JSON.parse(text)
  } catch {
    return null
  }
  const o = m as Record<string, unknown>
  if (!o || typeof o !== 'object') return null
  switch (o.type) {
    case 'ready':
      return { type: 'ready', container: String(o.container ?? ''), shell: String(o.shell ?? '') }
    case 'exit':
      return { type: 'exit', code: typeof o.code === 'number' ? o.code : -1, reason: String(o.reason ?? '') }
    case 'error':
      return { type: 'error', code: String(o.code ?? 'error'), message: String(o.message ?? ''), ...(o.askAdmin ? { askAdmin: o.askAdmin } : {}) }
    default:
      return null
  }
}

/** Errors after which the server keeps the shell open (a bad frame, input before `ready`). */
export const recoverableErrors = new Set(['bad_message', 'not_ready'])

const closeReasons: Record<number, string> = {
  1000: 'the shell ended',
  1006: 'the connection was lost',
  1009: 'one input message was too large',
  1011: 'the exec stream to the cluster failed',
  4400: 'bad request (unknown container?)',
  4403: 'exec is not allowed for you here',
  4404: 'the pod no longer exists',
  4408: 'closed after being idle',
  4429: 'you already hold the maximum number of shells',
}

/**
 * What to tell the person when the socket closed. An `error` message received before the close
 * explains it best; else the close code; a close before `ready` without a code is a refused
 * handshake (401/403 `ws_origin`/400 answer plain HTTP, which browsers do not expose).
 */
export function describeClose(code: number, lastError: ExecControl | null, wasReady: boolean): string {
  if (lastError?.type === 'error' && lastError.message) return lastError.message
  if (!wasReady && (code === 1006 || code === 1005)) return 'the server refused the session (signed out, or a bad request)'
  return closeReasons[code] ?? `closed (code ${code})`
}
