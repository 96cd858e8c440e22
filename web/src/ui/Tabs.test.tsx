import { fireEvent, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { Tabs } from './Tabs'

function Views() {
  const [tab, setTab] = useState<'history' | 'yaml'>('history')
  return (
    <Tabs label="Views" tabs={['history', 'yaml'] as const} current={tab} onSelect={setTab} title={(t) => (t === 'yaml' ? 'YAML' : t)}>
      {tab === 'history' ? 'the history' : 'the YAML'}
    </Tabs>
  )
}

test('the current tab is selected and names the panel; choosing another tab shows its panel', () => {
  render(<Views />)
  const history = screen.getByRole('tab', { name: 'history' })
  expect(screen.getByRole('tablist', { name: 'Views' })).toContainElement(history)
  expect(history).toHaveAttribute('aria-selected', 'true')
  expect(screen.getByRole('tabpanel', { name: 'history' })).toHaveTextContent('the history')
  expect(history).toHaveAttribute('aria-controls', screen.getByRole('tabpanel').id)

  fireEvent.click(screen.getByRole('tab', { name: 'YAML' }))
  expect(screen.getByRole('tab', { name: 'YAML' })).toHaveAttribute('aria-selected', 'true')
  expect(history).toHaveAttribute('aria-selected', 'false')
  expect(screen.getByRole('tabpanel', { name: 'YAML' })).toHaveTextContent('the YAML')
})
