import { expect, test } from 'vitest'
import { certificateStatus, installCommands, reregisterCommands, shortUid } from './api'

test('install commands keep the token in a Secret and fall back to a placeholder address', () => {
  const c = installCommands({ token: 'psa_x', cluster: 'edge', expiresAt: '2030-01-01T00:00:00Z', serverUrl: null })
  expect(c.split('\n')).toEqual([
    'kubectl create namespace periscope-agent',
    "kubectl -n periscope-agent create secret generic agent-token --from-literal=token='psa_x'",
    'helm install agent deploy/helm/periscope-agent -n periscope-agent -f authz.yaml \\',
    '  --set agent.serverUrl=https://<tunnel address>:8443 \\',
    '  --set agent.clusterName=edge \\',
    '  --set agent.existingTokenSecret.name=agent-token \\',
    '  --set-file agent.caBundle=./periscope-tunnel-ca.pem',
  ])
})

test('a revoked certificate is revoked even when expired; otherwise its end decides', () => {
  const now = Date.parse('2030-01-01T00:00:00Z')
  expect(certificateStatus({ serial: 'a', notAfter: '2029-01-01T00:00:00Z', revoked: true, inUse: false }, now)).toBe('revoked')
  expect(certificateStatus({ serial: 'a', notAfter: '2030-01-01T00:00:00Z', revoked: false, inUse: false }, now)).toBe('expired')
  expect(certificateStatus({ serial: 'a', notAfter: '2030-01-01T00:00:01Z', revoked: false, inUse: false }, now)).toBe('valid')
})

test('a short UID keeps both ends, so UIDs minted in sequence still differ', () => {
  expect(shortUid('3f2a9c1e-5b7d-4e0f-9a8b-1c2d3e4f5a6b')).toBe('3f2a9c1e…5a6b')
  expect(shortUid('00000000-0000-0000-0000-000000000120')).not.toBe(shortUid('00000000-0000-0000-0000-000000000121'))
  expect(shortUid('abc-123')).toBe('abc-123')
})

test('an agent refused for good gets the new token in its Secret and a restart; after a CA rotation the new bundle too', () => {
  const minted = { token: 'psa_y', cluster: 'edge', expiresAt: '2030-01-01T00:00:00Z', serverUrl: null }
  expect(reregisterCommands(minted, 'agent_certificate_revoked')!.split('\n')).toEqual([
    "kubectl -n periscope-agent create secret generic agent-token --from-literal=token='psa_y' \\",
    '  --dry-run=client -o yaml | kubectl apply -f -',
    'kubectl -n periscope-agent rollout restart deployment/agent-periscope-agent',
  ])
  expect(reregisterCommands(minted, 'agent_ca_rotated')).toContain(
    'helm upgrade agent deploy/helm/periscope-agent -n periscope-agent --reuse-values --set-file agent.caBundle=./periscope-tunnel-ca.pem')
  expect(reregisterCommands(minted, 'agent_deregistered')).toContain('rollout restart')
  expect(reregisterCommands(minted, 'agent_certificate_expired')).toContain('rollout restart')
  // Connected, never connected, or down for a reason a token does not cure: nothing to give the token to.
  for (const state of ['connected', 'agent_disconnected', 'agent_identity_conflict', 'constructor']) {
    expect(reregisterCommands(minted, state)).toBeNull()
  }
})
