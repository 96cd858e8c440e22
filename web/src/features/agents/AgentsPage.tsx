import { useState } from 'react'
import { Ban, Download, KeyRound, RefreshCcw, ShieldX, Unplug } from 'lucide-react'
import { Badge, Button, Card, ConfirmDialog, CopyButton, EmptyState, ErrorState, ModalDialog, PageHeader, Skeleton, cx, focusRing, type Tone } from '../../ui'
import { useDocumentTitle } from '../../lib/useDocumentTitle'
import { useNow } from '../../lib/useNow'
import { useWhoAmI } from '../auth/hooks'
import { formatRemaining, isAgentAdmin } from '../auth/session'
import { agentsApi, CA_FILE, certificateStatus, installCommands, REFUSED_FOR_GOOD, reregisterCommands, type AgentCertificate, type AgentCluster, type MintedToken } from './api'
import { useAgentAction, useAgents } from './hooks'
import { ClusterIdentityLine, ClusterIdentityNotices } from './ClusterIdentity'
import { formatDate, formatTime } from '../../lib/time'

const statusTone: Record<ReturnType<typeof certificateStatus>, Tone> = { valid: 'success', expired: 'warning', revoked: 'danger' }

type Pending =
  | { kind: 'deregister'; cluster: string }
  | { kind: 'revoke'; cluster: string; serial: string }
  | { kind: 'rebind'; cluster: string; uid: string; boundUid: string | null }
  | { kind: 'rotate' }

/**
 * Agent administration for admins (tier admin or an audit-admin group): the clusters served
 * through an agent, their tunnel state, cluster identity and certificates; minting a registration token
 * (shown once, with the commands to run), deregistering, revoking a certificate, re-binding a cluster's
 * identity and rotating the agent CA.
 */
export function AgentsPage() {
  useDocumentTitle('Agents')
  const { data: me } = useWhoAmI()
  const admin = isAgentAdmin(me)
  const agents = useAgents(admin)
  const [pending, setPending] = useState<Pending | null>(null)
  /** The token just minted, and its cluster's state then (whether its installed agent is refused for good). */
  const [minted, setMinted] = useState<{ token: MintedToken; state: string } | null>(null)
  const [done, setDone] = useState<string | null>(null)

  const mint = useAgentAction(agentsApi.mint)
  const deregister = useAgentAction(agentsApi.deregister)
  const revoke = useAgentAction(agentsApi.revoke)
  const rotate = useAgentAction(agentsApi.rotateCa)
  const rebind = useAgentAction(agentsApi.rebind)
  const failed = [mint, deregister, revoke, rotate, rebind].find((m) => m.isError)

  if (me && !admin) {
    return (
      <>
        <PageHeader title="Agents" />
        <EmptyState title="Agents are administered by admins" icon={<ShieldX size={32} />}>
          Minting registration tokens, deregistering agents and rotating the agent CA need tier admin or
          membership of an audit-admin group.
        </EmptyState>
      </>
    )
  }

  const confirm = () => {
    const p = pending
    setPending(null)
    if (!p) return
    if (p.kind === 'deregister') {
      deregister.mutate(p.cluster, { onSuccess: (r) => setDone(`${r.cluster} deregistered: ${r.revokedCertificates} certificate(s) revoked.`) })
    } else if (p.kind === 'revoke') {
      revoke.mutate(p.serial, { onSuccess: (r) => setDone(`Certificate ${r.serial} of ${r.cluster} revoked.`) })
    } else if (p.kind === 'rebind') {
      rebind.mutate({ cluster: p.cluster, uid: p.uid }, { onSuccess: (r) => setDone(`${r.cluster} is now bound to kube-system UID ${r.uid}.`) })
    } else {
      rotate.mutate(undefined, { onSuccess: (r) => setDone(`Agent CA rotated; new fingerprint ${r.sha256Fingerprint}.`) })
    }
  }

  return (
    <div className="space-y-4">
      <PageHeader
        title="Agents"
        description="Private clusters reached through a periscope-agent that dials out to this server."
        actions={
          <>
            <DownloadCa />
            <Button size="sm" variant="danger" onClick={() => setPending({ kind: 'rotate' })}>
              <RefreshCcw size={14} aria-hidden="true" /> Rotate CA
            </Button>
          </>
        }
      />

      {done && (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
          {done}
        </p>
      )}
      {failed && <ErrorState error={failed.error} title="The agent action failed" />}

      {agents.error ? (
        <ErrorState error={agents.error} title="Could not list the agents" onRetry={() => void agents.refetch()} />
      ) : !agents.data ? (
        <div role="status" aria-label="Loading agents" className="space-y-3">
          <Skeleton className="h-28 w-full" />
          <Skeleton className="h-28 w-full" />
        </div>
      ) : agents.data.length === 0 ? (
        <EmptyState title="No agent clusters" icon={<Unplug size={32} />}>
          List a private cluster in clusters.yaml with <code>backend: agent</code>; it then shows here and can be given a
          registration token.
        </EmptyState>
      ) : (
        <ul aria-label="Agent clusters" className="space-y-4">
          {agents.data.map((a) => (
            <li key={a.cluster}>
              <AgentCard
                agent={a}
                minting={mint.isPending && mint.variables === a.cluster}
                onMint={() => mint.mutate(a.cluster, {
                  onSuccess: (m) => { setDone(null); setMinted({ token: m, state: a.state }) },
                })}
                onDeregister={() => setPending({ kind: 'deregister', cluster: a.cluster })}
                onRevoke={(serial) => setPending({ kind: 'revoke', cluster: a.cluster, serial })}
                onRebind={(uid) => setPending({ kind: 'rebind', cluster: a.cluster, uid, boundUid: a.identity.boundUid })}
              />
            </li>
          ))}
        </ul>
      )}

      {minted && <TokenDialog minted={minted.token} state={minted.state} onClose={() => setMinted(null)} />}
      {pending?.kind === 'deregister' && (
        <ConfirmDialog title={`Deregister ${pending.cluster}?`} phrase={pending.cluster} confirmLabel="Deregister"
          onCancel={() => setPending(null)} onConfirm={confirm}>
          <p>Every certificate issued for its agent is revoked and a live tunnel drops at once: the cluster is unreachable until its agent registers again with a new token.</p>
        </ConfirmDialog>
      )}
      {pending?.kind === 'revoke' && (
        <ConfirmDialog title={`Revoke certificate ${pending.serial}?`} phrase={pending.serial} confirmLabel="Revoke"
          onCancel={() => setPending(null)} onConfirm={confirm}>
          <p>The agent of {pending.cluster} can no longer connect with this certificate; its tunnel drops. An agent holding another valid certificate reconnects with it.</p>
        </ConfirmDialog>
      )}
      {pending?.kind === 'rebind' && (
        <ConfirmDialog title={`Re-bind ${pending.cluster} to another cluster?`} phrase={pending.cluster} action="re-bind it"
          confirmLabel="Re-bind" onCancel={() => setPending(null)} onConfirm={confirm}>
          <p>
            {pending.cluster} will stand for the Kubernetes cluster whose kube-system Namespace UID is <code className="font-mono">{pending.uid}</code>
            {pending.boundUid && <> instead of <code className="font-mono">{pending.boundUid}</code></>}.
          </p>
          <p>Its agent gets in at its next retry; agents of the old cluster are refused from now on. Do this only for a rebuilt cluster, never to make a refusal go away.</p>
        </ConfirmDialog>
      )}
      {pending?.kind === 'rotate' && (
        <ConfirmDialog title="Rotate the agent CA?" phrase="rotate" confirmLabel="Rotate CA" onCancel={() => setPending(null)} onConfirm={confirm}>
          <p>A new CA replaces the current one. <strong>Every</strong> agent certificate stops being admitted and every live tunnel drops.</p>
          <p>Each agent then needs the new CA bundle and a new registration token.</p>
        </ConfirmDialog>
      )}
    </div>
  )
}

const stateTone = (state: string): Tone => (state === 'connected' ? 'success' : state === 'agent_deregistered' ? 'neutral' : 'danger')

function AgentCard({ agent, minting, onMint, onDeregister, onRevoke, onRebind }: {
  agent: AgentCluster
  minting: boolean
  onMint: () => void
  onDeregister: () => void
  onRevoke: (serial: string) => void
  onRebind: (uid: string) => void
}) {
  const now = useNow(30_000)
  const [showOld, setShowOld] = useState(false)
  // The one in use first, then the other valid ones, newest first; expired and revoked ones on request.
  const byNewest = [...agent.certificates].sort((a, b) => Number(b.inUse) - Number(a.inUse) || b.notAfter.localeCompare(a.notAfter))
  const current = byNewest.filter((c) => certificateStatus(c, now) === 'valid')
  const old = byNewest.filter((c) => certificateStatus(c, now) !== 'valid')
  const unused = agent.state === 'connected' ? current.filter((c) => !c.inUse).length : 0
  return (
    <Card aria-label={`Agent cluster ${agent.cluster}`} className="p-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 className="flex flex-wrap items-center gap-2 text-base font-semibold text-slate-900 dark:text-slate-100">
            {agent.cluster}
            <Badge tone={stateTone(agent.state)}>{agent.state === 'connected' ? 'connected' : agent.state.replace(/^agent_/, '').replace(/_/g, ' ')}</Badge>
          </h2>
          {agent.agent !== agent.cluster && <p className="text-xs text-slate-500 dark:text-slate-400">agent name {agent.agent}</p>}
          {agent.reason && <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{agent.reason}</p>}
          {agent.deregisteredAt && (
            <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
              Deregistered <time dateTime={agent.deregisteredAt}>{formatTime(agent.deregisteredAt)}</time>
            </p>
          )}
          <ClusterIdentityLine agent={agent} />
        </div>
        <div className="flex flex-wrap gap-2">
          <Button size="sm" variant="primary" disabled={minting} onClick={onMint}>
            <KeyRound size={14} aria-hidden="true" /> {minting ? 'Minting…' : 'Mint registration token'}
          </Button>
          <Button size="sm" variant="danger" onClick={onDeregister}>
            <Unplug size={14} aria-hidden="true" /> Deregister
          </Button>
        </div>
      </div>

      <ClusterIdentityNotices agent={agent} onRebind={onRebind} />

      {agent.certificates.length === 0 ? (
        <p className="mt-3 text-sm text-slate-500 dark:text-slate-400">No certificate issued yet: mint a token and install the agent.</p>
      ) : (
        <table className="mt-3 w-full text-left text-sm" aria-label={`Certificates of ${agent.cluster}`}>
          <thead className="text-xs text-slate-500 uppercase dark:text-slate-400">
            <tr>
              <th className="py-1 pr-3 font-medium">Serial</th>
              <th className="py-1 pr-3 font-medium">Valid until</th>
              <th className="py-1 pr-3 font-medium">Status</th>
              <th className="py-1 font-medium"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {current.map((c) => (
              <CertificateRow key={c.serial} cert={c} now={now} onRevoke={() => onRevoke(c.serial)} />
            ))}
            {showOld && old.map((c) => (
              <CertificateRow key={c.serial} cert={c} now={now} onRevoke={() => onRevoke(c.serial)} />
            ))}
          </tbody>
        </table>
      )}
      {unused > 0 && (
        <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
          {unused} valid certificate{unused === 1 ? ' is' : 's are'} not in use: an agent gets a new one each time it registers or renews, and
          the old ones stay valid until they expire. Revoke any you do not expect.
        </p>
      )}
      {old.length > 0 && (
        <button type="button" className={cx('mt-1 text-xs text-sky-700 underline dark:text-sky-300', focusRing)} aria-expanded={showOld}
          onClick={() => setShowOld(!showOld)}>
          {showOld ? 'Hide' : 'Show'} {old.length} expired or revoked
        </button>
      )}
    </Card>
  )
}

function CertificateRow({ cert, now, onRevoke }: { cert: AgentCertificate; now: number; onRevoke: () => void }) {
  const status = certificateStatus(cert, now)
  return (
    <tr className="border-t border-slate-100 dark:border-slate-800">
      <td className="max-w-[16rem] truncate py-1.5 pr-3 font-mono text-xs" title={cert.serial}>{cert.serial}</td>
      <td className="py-1.5 pr-3">
        <time dateTime={cert.notAfter} title={formatTime(cert.notAfter)}>
          {formatDate(cert.notAfter)}
          {status === 'valid' && <span className="text-slate-500 dark:text-slate-400"> (in {formatRemaining(cert.notAfter, now)})</span>}
        </time>
      </td>
      <td className="py-1.5 pr-3">
        <Badge tone={statusTone[status]}>{status}</Badge>
        {cert.inUse && <Badge tone="info" className="ml-1" title="The certificate the connected agent presented">in use</Badge>}
      </td>
      <td className="py-1.5 text-right">
        {status === 'valid' && (
          <Button size="sm" variant="ghost" onClick={onRevoke} aria-label={`Revoke certificate ${cert.serial}`}>
            <Ban size={14} aria-hidden="true" /> Revoke
          </Button>
        )}
      </td>
    </tr>
  )
}

/** Saves the agent CA certificate as the file the install commands pass to the chart. */
function DownloadCa() {
  const [error, setError] = useState<unknown>(null)
  const download = async () => {
    try {
      setError(null)
      const ca = await agentsApi.ca()
      const url = URL.createObjectURL(new Blob([ca.caPem], { type: 'application/x-pem-file' }))
      const a = document.createElement('a')
      a.href = url
      a.download = CA_FILE
      a.click()
      URL.revokeObjectURL(url)
    } catch (e) {
      setError(e)
    }
  }
  return (
    <>
      <Button size="sm" onClick={() => void download()} title={error instanceof Error ? `Download failed: ${error.message}` : undefined}>
        <Download size={14} aria-hidden="true" /> CA bundle
      </Button>
      {!!error && <span role="alert" className="text-xs text-red-700 dark:text-red-400">CA download failed</span>}
    </>
  )
}

/**
 * The freshly minted token, shown once, with copy buttons and the commands to run on the cluster. When the cluster's
 * installed agent is refused for good (`state`), the commands that give that agent the token come first: it registers
 * again on its own.
 */
function TokenDialog({ minted, state, onClose }: { minted: MintedToken; state: string; onClose: () => void }) {
  const now = useNow(1000)
  const commands = installCommands(minted)
  const again = reregisterCommands(minted, state)
  return (
    <ModalDialog label={`Registration token for ${minted.cluster}`} onClose={onClose} className="w-[44rem]">
      <div className="space-y-3 p-4">
        <h2 className="text-base font-semibold text-slate-900 dark:text-slate-100">Registration token for {minted.cluster}</h2>
        <p className="text-amber-800 dark:text-amber-300">
          Shown once: copy it now. It registers one agent, once, and expires in{' '}
          <time dateTime={minted.expiresAt}>{formatRemaining(minted.expiresAt, now)}</time>.
        </p>
        <div className="flex items-center gap-2">
          <code aria-label="Registration token" className="min-w-0 flex-1 truncate rounded-md bg-slate-100 px-2 py-1.5 font-mono text-xs select-all dark:bg-slate-800">
            {minted.token}
          </code>
          <CopyButton text={minted.token} label="Copy token" />
        </div>
        {again && (
          <>
            <p className="text-slate-700 dark:text-slate-300">
              The installed agent is refused for good ({REFUSED_FOR_GOOD[state]}): give it the new token
              {state === 'agent_ca_rotated' ? ' and the new CA bundle' : ''} and restart it. It registers again on its own; its
              state need not be emptied.
            </p>
            <pre aria-label="Re-register commands" className="overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-relaxed text-slate-100 select-all">
              {again}
            </pre>
            <CopyButton text={again} label="Copy re-register commands" />
          </>
        )}
        <p className="text-slate-700 dark:text-slate-300">
          {again ? 'To install it afresh, on' : 'On'} the private cluster, with the CA bundle saved as <code>{CA_FILE}</code>{' '}
          (the CA bundle button) and the server&apos;s authorization values in <code>authz.yaml</code>:
        </p>
        <pre aria-label="Install commands" className="overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-relaxed text-slate-100 select-all">
          {commands}
        </pre>
        {!minted.serverUrl && (
          <p className="text-xs text-slate-500 dark:text-slate-400">
            This server has no tunnel hostnames configured (agentTunnel.hostnames): put the address agents dial in agent.serverUrl.
          </p>
        )}
        <div className="flex justify-between gap-2">
          <CopyButton text={commands} label="Copy commands" />
          <Button size="sm" variant="primary" onClick={onClose}>Done</Button>
        </div>
      </div>
    </ModalDialog>
  )
}
