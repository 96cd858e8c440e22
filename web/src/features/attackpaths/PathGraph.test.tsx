import { render } from '@testing-library/react'
import { expect, test } from 'vitest'
import type { PathEdge, PathNode } from './api'
import { PathGraph, orderLayers } from './PathGraph'

const node = (id: string, kind: PathNode['kind']): PathNode => ({ id, kind, label: id, detail: '', incomplete: false })
const edge = (from: string, to: string): PathEdge => ({ from, to, explanation: '', conditional: false, incomplete: false })

test('each layer follows the rows of the nodes leading to it, so edges from the demo run straight, not in an X', () => {
  // The server lists each layer by name: default over deploy-bot, but prod-deploy-bot over prod-platform-default.
  const nodes = [
    node('sa:platform/default', 'SERVICE_ACCOUNT'), node('sa:platform/deploy-bot', 'SERVICE_ACCOUNT'),
    node('role:prod-deploy-bot', 'IAM_ROLE'), node('role:prod-platform-default', 'IAM_ROLE'),
    node('action:iam:PassRole', 'ACTION'), node('action:s3:DeleteBucket', 'ACTION'), node('action:sts:AssumeRole', 'ACTION'),
  ]
  const edges = [
    edge('sa:platform/default', 'role:prod-platform-default'), edge('sa:platform/deploy-bot', 'role:prod-deploy-bot'),
    edge('role:prod-deploy-bot', 'action:iam:PassRole'), edge('role:prod-platform-default', 'action:iam:PassRole'),
    edge('role:prod-deploy-bot', 'action:sts:AssumeRole'), edge('role:prod-platform-default', 'action:s3:DeleteBucket'),
  ]
  const layers = orderLayers(nodes, edges).map((l) => l.map((n) => n.id))

  expect(layers[3]).toEqual(['sa:platform/default', 'sa:platform/deploy-bot'])
  expect(layers[4]).toEqual(['role:prod-platform-default', 'role:prod-deploy-bot'])
  // Only from the top role, then from both (server order between equals), then only from the bottom one.
  expect(layers[5]).toEqual(['action:s3:DeleteBucket', 'action:iam:PassRole', 'action:sts:AssumeRole'])
})

test('a layer with nothing leading to it keeps the server order', () => {
  const nodes = [node('subject:User b', 'SUBJECT'), node('subject:User a', 'SUBJECT')]
  expect(orderLayers(nodes, [])[0].map((n) => n.id)).toEqual(['subject:User b', 'subject:User a'])
})

test('the sensitive actions are drawn whole, the catalog\'s longest included', () => {
  const nodes = [node('role:r', 'IAM_ROLE'), node('secretsmanager:GetSecretValue', 'ACTION'), node('iam:UpdateAssumeRolePolicy', 'ACTION')]
  const edges = [edge('role:r', 'secretsmanager:GetSecretValue'), edge('role:r', 'iam:UpdateAssumeRolePolicy')]
  const { container } = render(<PathGraph nodes={nodes} edges={edges} selected={null} onSelect={() => {}} highlighted={new Set()} />)

  const label = (id: string) => container.querySelector(`[data-node="${id}"] text`)?.textContent
  expect(label('secretsmanager:GetSecretValue')).toBe('secretsmanager:GetSecretValue')
  expect(label('iam:UpdateAssumeRolePolicy')).toBe('iam:UpdateAssumeRolePolicy')
})
