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

test('the current tab is scrolled into the strip, then the one chosen next', () => {
  const scrolled: string[] = []
  const original = Element.prototype.scrollIntoView
  Element.prototype.scrollIntoView = function (this: Element) {
    scrolled.push(this.textContent ?? '')
  }
  try {
    render(<Views />)
    expect(scrolled).toEqual(['history'])
    fireEvent.click(screen.getByRole('tab', { name: 'YAML' }))
    expect(scrolled).toEqual(['history', 'YAML'])
  } finally {
    Element.prototype.scrollIntoView = original
  }
})

test('a tab that comes later (Compare, once the other clusters are known) scrolls the current one back into the strip', () => {
  const scrolled: string[] = []
  const original = Element.prototype.scrollIntoView
  Element.prototype.scrollIntoView = function (this: Element) {
    scrolled.push(this.textContent ?? '')
  }
  try {
    const strip = (tabs: readonly ('summary' | 'compare' | 'logs')[]) => (
      <Tabs label="Details" tabs={tabs} current="logs" onSelect={() => {}}>logs</Tabs>
    )
    const { rerender } = render(strip(['summary', 'logs']))
    rerender(strip(['summary', 'compare', 'logs']))
    expect(scrolled).toEqual(['logs', 'logs'])
  } finally {
    Element.prototype.scrollIntoView = original
  }
})

test('a chevron that appears once the current tab is scrolled in (it narrows the strip) scrolls that tab in again; one that the person scrolled out does not', () => {
  const scrolled: string[] = []
  const original = Element.prototype.scrollIntoView
  Element.prototype.scrollIntoView = function (this: Element) {
    scrolled.push(this.textContent ?? '')
  }
  try {
    render(<Tabs label="Details" tabs={['summary', 'audit', 'aws'] as const} current="aws" onSelect={() => {}}>aws</Tabs>)
    expect(scrolled).toEqual(['aws'])
    // jsdom has no layout: the strip turns out narrower than its tabs, scrolled to the current (last) one
    const strip = screen.getByRole('tablist', { name: 'Details' })
    Object.defineProperty(strip, 'clientWidth', { configurable: true, value: 100 })
    Object.defineProperty(strip, 'scrollWidth', { configurable: true, value: 160 })
    strip.scrollLeft = 60
    fireEvent.scroll(strip)
    expect(screen.getByTestId('tabs-before')).toBeInTheDocument()
    expect(scrolled).toEqual(['aws', 'aws'])

    // the person scrolls back with the chevron: the chevron after appearing does not pull the strip to the current tab
    strip.scrollBy = ((options: ScrollToOptions) => {
      strip.scrollLeft = Math.max(0, strip.scrollLeft + (options.left ?? 0))
      fireEvent.scroll(strip)
    }) as typeof strip.scrollBy
    fireEvent.click(screen.getByTestId('tabs-before'))
    expect(screen.queryByTestId('tabs-before')).toBeNull()
    expect(screen.getByTestId('tabs-after')).toBeInTheDocument()
    expect(scrolled).toEqual(['aws', 'aws'])
  } finally {
    Element.prototype.scrollIntoView = original
  }
})

test('the arrow keys, Home and End choose a neighbouring, the first or the last tab and move the focus to it', () => {
  function Three() {
    const [tab, setTab] = useState<'summary' | 'events' | 'yaml'>('summary')
    return (
      <Tabs label="Details" tabs={['summary', 'events', 'yaml'] as const} current={tab} onSelect={setTab}>
        {tab}
      </Tabs>
    )
  }
  render(<Three />)
  const summary = screen.getByRole('tab', { name: 'summary' })
  expect(summary).toHaveAttribute('tabindex', '0')
  expect(screen.getByRole('tab', { name: 'events' })).toHaveAttribute('tabindex', '-1')

  fireEvent.keyDown(summary, { key: 'ArrowRight' })
  expect(screen.getByRole('tab', { name: 'events' })).toHaveAttribute('aria-selected', 'true')
  expect(screen.getByRole('tab', { name: 'events' })).toHaveFocus()

  fireEvent.keyDown(screen.getByRole('tab', { name: 'events' }), { key: 'End' })
  expect(screen.getByRole('tab', { name: 'yaml' })).toHaveFocus()
  fireEvent.keyDown(screen.getByRole('tab', { name: 'yaml' }), { key: 'ArrowRight' })
  expect(screen.getByRole('tab', { name: 'summary' })).toHaveAttribute('aria-selected', 'true')
  fireEvent.keyDown(summary, { key: 'ArrowLeft' })
  expect(screen.getByRole('tab', { name: 'yaml' })).toHaveFocus()
  fireEvent.keyDown(screen.getByRole('tab', { name: 'yaml' }), { key: 'Home' })
  expect(summary).toHaveFocus()
  expect(screen.getByRole('tabpanel')).toHaveTextContent('summary')
})

test('a strip that hides tabs says on which side (where it fades), and follows its scrolling', () => {
  render(<Views />)
  const strip = screen.getByRole('tablist', { name: 'Views' })
  expect(strip).not.toHaveAttribute('data-hidden-before')
  expect(strip).not.toHaveAttribute('data-hidden-after')

  // jsdom has no layout: give the strip a box narrower than its tabs
  Object.defineProperty(strip, 'clientWidth', { configurable: true, value: 100 })
  Object.defineProperty(strip, 'scrollWidth', { configurable: true, value: 300 })
  fireEvent.scroll(strip)
  expect(strip).toHaveAttribute('data-hidden-after', 'true')
  expect(strip).not.toHaveAttribute('data-hidden-before')

  strip.scrollLeft = 200
  fireEvent.scroll(strip)
  expect(strip).toHaveAttribute('data-hidden-before', 'true')
  expect(strip).not.toHaveAttribute('data-hidden-after')

  strip.scrollLeft = 80
  fireEvent.scroll(strip)
  expect(strip).toHaveAttribute('data-hidden-before', 'true')
  expect(strip).toHaveAttribute('data-hidden-after', 'true')
})

test('a tab that appears and no longer fits marks the strip without a scroll', () => {
  const strip = (tabs: readonly string[]) => (
    <Tabs label="Details" tabs={tabs} current="summary" onSelect={() => {}}>
      the summary
    </Tabs>
  )
  const { rerender } = render(strip(['summary', 'yaml']))
  const list = screen.getByRole('tablist', { name: 'Details' })
  expect(list).not.toHaveAttribute('data-hidden-after')

  Object.defineProperty(list, 'clientWidth', { configurable: true, value: 100 })
  Object.defineProperty(list, 'scrollWidth', { configurable: true, value: 160 })
  rerender(strip(['summary', 'yaml', 'aws']))
  expect(list).toHaveAttribute('data-hidden-after', 'true')
})

test('a side that hides tabs shows a chevron that scrolls the strip that way; a strip that fits shows none', () => {
  render(<Views />)
  const strip = screen.getByRole('tablist', { name: 'Views' })
  expect(screen.queryByTestId('tabs-before')).toBeNull()
  expect(screen.queryByTestId('tabs-after')).toBeNull()

  // jsdom has no layout or scrolling: a box narrower than its tabs, and scrollBy as the browser would do it
  Object.defineProperty(strip, 'clientWidth', { configurable: true, value: 100 })
  Object.defineProperty(strip, 'scrollWidth', { configurable: true, value: 250 })
  const scrolls: number[] = []
  strip.scrollBy = ((options: ScrollToOptions) => {
    scrolls.push(options.left ?? 0)
    strip.scrollLeft += options.left ?? 0
    fireEvent.scroll(strip)
  }) as typeof strip.scrollBy
  fireEvent.scroll(strip)
  const after = screen.getByTestId('tabs-after')
  expect(screen.queryByTestId('tabs-before')).toBeNull()
  // for the mouse: the arrow keys already reach every tab, and the tab list names them all
  expect(after).toHaveAttribute('tabindex', '-1')
  expect(after).toHaveAttribute('aria-hidden', 'true')

  fireEvent.click(after)
  expect(scrolls).toEqual([75])
  expect(screen.getByTestId('tabs-before')).toBeInTheDocument()
  expect(screen.getByTestId('tabs-after')).toBeInTheDocument()

  fireEvent.click(screen.getByTestId('tabs-after'))
  expect(screen.queryByTestId('tabs-after')).toBeNull()
  fireEvent.click(screen.getByTestId('tabs-before'))
  expect(scrolls).toEqual([75, 75, -75])
  expect(strip.scrollLeft).toBe(75)
  expect(screen.getByRole('tab', { name: 'history' })).toHaveAttribute('tabindex', '0')
})

test('a tab the strip\'s edge cuts is not drawn, unless it is the current one', () => {
  render(<Views />)
  const strip = screen.getByRole('tablist', { name: 'Views' })
  // jsdom has no layout: the strip's box spans 0-100 px, History 0-60 px, YAML 60-130 px (cut at the edge)
  const box = (left: number, right: number) => () => ({ left, right, width: right - left, top: 0, bottom: 30, height: 30, x: left, y: 0, toJSON: () => ({}) })
  Object.defineProperty(strip, 'getBoundingClientRect', { configurable: true, value: box(0, 100) })
  const history = screen.getByRole('tab', { name: 'history' })
  const yaml = screen.getByRole('tab', { name: 'YAML' })
  Object.defineProperty(history, 'getBoundingClientRect', { configurable: true, value: box(0, 60) })
  Object.defineProperty(yaml, 'getBoundingClientRect', { configurable: true, value: box(60, 130) })
  Object.defineProperty(strip, 'clientWidth', { configurable: true, value: 100 })
  Object.defineProperty(strip, 'scrollWidth', { configurable: true, value: 130 })
  fireEvent.scroll(strip)
  expect(yaml).toHaveClass('opacity-0')
  expect(history).not.toHaveClass('opacity-0')

  fireEvent.click(yaml)
  fireEvent.scroll(strip)
  expect(yaml).toHaveAttribute('aria-selected', 'true')
  expect(yaml).not.toHaveClass('opacity-0')
})
