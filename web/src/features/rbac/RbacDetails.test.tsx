import { render, screen, within } from '@testing-library/react'
import type { KubeObject } from '../../api/kube'
import { RulesTable } from './RbacDetails'

const role = (rules: unknown[]): KubeObject => ({ metadata: { name: 'r', namespace: 'shop' }, rules }) as unknown as KubeObject

test('the rules table says how many rules it shows as rows, since the list counts rules', () => {
  render(<RulesTable object={role([
    { apiGroups: [''], resources: ['pods', 'services'], verbs: ['get'] },
    { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get'] },
  ])} />)

  const rules = screen.getByRole('region', { name: 'Rules' })
  expect(rules).toHaveTextContent('2 rules, shown as 3 rows by resource as kubectl describe does')
  expect(within(rules).getAllByRole('row')).toHaveLength(4)
})

test('one row per rule needs no explanation', () => {
  render(<RulesTable object={role([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }])} />)
  const rules = screen.getByRole('region', { name: 'Rules' })
  expect(rules).toHaveTextContent('1 rule')
  expect(rules).not.toHaveTextContent('shown as')
})
