/**
 * Exec shell (lazy chunk: xterm.js loads only when the tab opens) over the WebSocket
 * `.../pods/{ns}/{name}/exec?container=&shell=`, speaking the protocol in `execProtocol.ts`:
 * input waits for the server's `ready`; binary frames are output; `exit`/`error` and the close
 * code end the session with a reason the person can act on.
 */
import { useEffect, useRef, useState } from 'react'
import { Terminal } from '@xterm/xterm'
import { FitAddon } from '@xterm/addon-fit'
import '@xterm/xterm/css/xterm.css'
import { Bug } from 'lucide-react'
import { Badge, Button, RefusedActions, Select } from '../../ui'
import { askAdminOf, DenialExplainer, type AskAdmin } from '../../ui/DenialExplainer'
import type { KubeObject } from '../../api/kube'
import { containerNames, execUrl } from './api'
import { DebugContainerForm } from './DebugContainerForm'
import { describeClose, execFrames, parseControl, recoverableErrors, type ExecControl, type ExecShell } from './execProtocol'
import { escapeThenTabLeaves } from './terminalKeys'

type Status = 'idle' | 'connecting' | 'open' | 'closed'

/** May the person do it, and if the cluster said no, why. */
interface Permission {
  allowed: boolean
  reason?: string
  denied?: boolean
}

export default function ExecTab({ cluster, namespace, pod, object, debug, permission }: {
  cluster: string
  namespace: string
  pod: string
  object: KubeObject | undefined
  /** Whether the person may add a debug container; undefined: not offered. */
  debug?: Permission
  /** Whether the person may open a shell (create, or before 1.30 get, on pods/exec). */
  permission?: Permission
}) {
  // Debug containers started here are offered before the pod read again lists them.
  const [debugged, setDebugged] = useState<string[]>([])
  const shellAllowed = permission?.allowed ?? true
  const [debugging, setDebugging] = useState(false)
  const containers = [...new Set([...containerNames(object), ...debugged])]
  const targets = ((object?.spec as { containers?: { name: string }[] } | undefined)?.containers ?? []).map((c) => c.name)
  // The pod may arrive after the tab opens (a Table row carries only metadata): its first container until one is picked.
  const [picked, setContainer] = useState<string | undefined>(undefined)
  const container = picked ?? containers[0]
  const [shell, setShell] = useState<ExecShell>('auto')
  const [session, setSession] = useState(0)
  const [status, setStatus] = useState<Status>('idle')
  const [ended, setEnded] = useState<string | null>(null)
  const [askAdmin, setAskAdmin] = useState<AskAdmin | null>(null)
  const host = useRef<HTMLDivElement>(null)
  const connectButton = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    if (session === 0 || !host.current) return
    const term = new Terminal({ fontSize: 12, cursorBlink: true, theme: { background: '#020617' } })
    const fit = new FitAddon()
    term.loadAddon(fit)
    term.attachCustomKeyEventHandler(escapeThenTabLeaves())
    term.open(host.current)
    fit.fit()
    setStatus('connecting')
    setEnded(null)
    setAskAdmin(null)
    const ws = new WebSocket(execUrl(cluster, namespace, pod, container, shell))
    ws.binaryType = 'arraybuffer'
    let ready = false
    let lastError: ExecControl | null = null
    const send = (frame: string) => ready && ws.readyState === WebSocket.OPEN && ws.send(frame)
    ws.onmessage = (m) => {
      if (typeof m.data !== 'string') {
        term.write(new Uint8Array(m.data as ArrayBuffer))
        return
      }
      const control = parseControl(m.data)
      if (control?.type === 'ready') {
        ready = true
        setStatus('open')
        send(execFrames.resize(term.cols, term.rows))
        term.focus()
      } else if (control?.type === 'exit') {
        term.write(`\r\n\x1b[90m[exited with code ${control.code}]\x1b[0m\r\n`)
      } else if (control?.type === 'error') {
        if (recoverableErrors.has(control.code)) term.write(`\r\n\x1b[33m[${control.message}]\x1b[0m\r\n`)
        else lastError = control
      }
    }
    ws.onclose = (e) => {
      setStatus('closed')
      const why = describeClose(e.code, lastError, ready)
      setEnded(why)
      setAskAdmin(lastError?.type === 'error' ? askAdminOf({ askAdmin: lastError.askAdmin }) : null)
      term.write(`\r\n\x1b[90m[session closed: ${why}]\x1b[0m\r\n`)
      // A closed terminal takes no input but would keep the focus (and swallow Tab): hand it to Reconnect.
      if (host.current?.contains(document.activeElement)) connectButton.current?.focus()
    }
    const input = term.onData((d) => send(execFrames.stdin(d)))
    const resize = term.onResize(({ cols, rows }) => send(execFrames.resize(cols, rows)))
    const observer = new ResizeObserver(() => fit.fit())
    observer.observe(host.current)
    return () => {
      observer.disconnect()
      input.dispose()
      resize.dispose()
      ws.onclose = null
      ws.close(1000)
      term.dispose()
    }
  }, [session, cluster, namespace, pod, container, shell])

  return (
    <div className="flex h-full min-h-[20rem] flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        {containers.length > 1 && (
          <label className="flex items-center gap-1.5">
            Container
            <Select value={container} onChange={(e) => setContainer(e.target.value)}>
              {containers.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </Select>
          </label>
        )}
        <label className="flex items-center gap-1.5">
          Shell
          <Select value={shell} onChange={(e) => setShell(e.target.value as ExecShell)}>
            <option value="auto">auto (bash, else sh)</option>
            <option value="bash">bash</option>
            <option value="sh">sh</option>
          </Select>
        </label>
        <span title={shellAllowed ? undefined : permission?.reason}>
          <Button ref={connectButton} size="sm" variant="primary" disabled={!shellAllowed} onClick={() => setSession((s) => s + 1)}>
            {status === 'idle' ? 'Connect' : 'Reconnect'}
          </Button>
        </span>
        {status !== 'idle' && (
          <Badge tone={status === 'open' ? 'success' : status === 'closed' ? 'neutral' : 'info'} title={ended ?? undefined}>
            {status}
          </Badge>
        )}
        {debug && (
          <span title={debug.allowed ? undefined : debug.reason}>
            <Button size="sm" disabled={!debug.allowed || debugging} onClick={() => setDebugging(true)}>
              <Bug size={14} aria-hidden="true" /> Debug container…
            </Button>
          </span>
        )}
        <span className="text-xs text-slate-500 dark:text-slate-400">
          Sessions are audited with their duration. <kbd>Esc</kbd> then <kbd>Tab</kbd> leaves the terminal.
        </span>
      </div>
      <RefusedActions perms={[permission, debug]} />
      {debugging && (
        <DebugContainerForm cluster={cluster} namespace={namespace} pod={pod} targets={targets} onCancel={() => setDebugging(false)}
          onRunning={(c) => {
            setDebugged((d) => [...d, c])
            setContainer(c)
            setDebugging(false)
            setSession((s) => s + 1)
          }} />
      )}
      {ended && (
        <p role="status" className="text-sm text-slate-600 dark:text-slate-300">
          Session closed: {ended}
        </p>
      )}
      {askAdmin && <DenialExplainer ask={askAdmin} />}
      <div ref={host} role="region" aria-label={`Terminal in ${pod}`} className="relative min-h-0 flex-1 rounded-md bg-slate-950 p-1">
        {/* Before the first Connect the terminal was an empty black box: say what it is and what opens it. Laid over the
            box (absolute), so xterm, which opens in this element on Connect, is sized as before. */}
        {status === 'idle' && (
          <p className="pointer-events-none absolute inset-0 flex items-center justify-center p-4 text-center text-sm text-slate-400">
            {shellAllowed
              ? `Not connected. Connect opens ${shell === 'auto' ? 'bash (else sh)' : shell}${container ? ` in ${container}` : ''}.`
              : 'Not connected: your role may not open a shell in this pod.'}
          </p>
        )}
      </div>
    </div>
  )
}
