import { render, screen } from '@testing-library/react'
import { expect, test } from 'vitest'
import { Button } from './Button'

/**
 * jsdom applies no stylesheet, so this reads the classes: what they look like is checked on screenshots
 * of both themes (a disabled Scale, Restart and Delete in a detail pane).
 */
test.each(['primary', 'secondary', 'ghost', 'danger'] as const)('a disabled %s button looks disabled in both themes, not merely faded, and keeps its title', (variant) => {
  render(<Button variant={variant} disabled title="Your role doesn't allow scaling here">Scale</Button>)
  const button = screen.getByRole('button', { name: 'Scale' })
  const classes = [...button.classList]

  expect(button).toBeDisabled()
  expect(button).toHaveAttribute('title', "Your role doesn't allow scaling here")
  // Half opacity left a sky or red fill on the dark theme looking pressable.
  expect(classes.filter((c) => c.includes('opacity'))).toEqual([])
  expect(classes).toEqual(expect.arrayContaining(['disabled:text-slate-500', 'dark:disabled:text-slate-400']))
  if (variant !== 'ghost') {
    // No fill in either theme: a dashed outline in its place.
    expect(classes).toEqual(expect.arrayContaining(['disabled:bg-transparent', 'dark:disabled:bg-transparent', 'disabled:border-dashed']))
  }
  // Hover lights the button only while it can be pressed.
  expect(classes.filter((c) => c.includes('hover:') && !c.includes('enabled:hover:'))).toEqual([])
})
