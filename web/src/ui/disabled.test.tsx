import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { render, screen } from '@testing-library/react'
import { expect, test } from 'vitest'
import { SearchMatches } from '../features/pods/LogWindowControls'
import { Input, Select } from './Input'

/**
 * jsdom applies no stylesheet, so these read the classes (as Button.test does); what they look like is checked
 * on screenshots of both themes. The look is the one a disabled Button has: grey text, no fill, dashed frame.
 */
const framed = ['disabled:cursor-not-allowed', 'disabled:border-dashed', 'disabled:bg-transparent', 'dark:disabled:bg-transparent', 'disabled:text-slate-500', 'dark:disabled:text-slate-400']
const classesOf = (e: HTMLElement) => [...e.classList]

test('a disabled field or select looks disabled as a button does, not merely faded', () => {
  render(
    <>
      <Input aria-label="Image" disabled title="Busy starting the container" />
      <Select aria-label="Target" disabled><option>app</option></Select>
    </>,
  )
  for (const field of [screen.getByRole('textbox', { name: 'Image' }), screen.getByRole('combobox', { name: 'Target' })]) {
    expect(field).toBeDisabled()
    expect(classesOf(field).filter((c) => c.includes('opacity'))).toEqual([])
    expect(classesOf(field)).toEqual(expect.arrayContaining(framed))
  }
  expect(screen.getByRole('textbox', { name: 'Image' })).toHaveAttribute('title', 'Busy starting the container')
})

test("a log search's step buttons with no match grey as a ghost button does, keep their titles and do not light up under the pointer", () => {
  render(<SearchMatches cursor={{ matches: 0, current: null, position: 0, next: () => {}, previous: () => {} }} />)
  for (const name of ['Previous match', 'Next match']) {
    const button = screen.getByRole('button', { name })
    expect(button).toBeDisabled()
    expect(button.title).toMatch(/match \(/)
    expect(classesOf(button).filter((c) => c.includes('opacity'))).toEqual([])
    expect(classesOf(button)).toEqual(expect.arrayContaining(['disabled:cursor-not-allowed', 'disabled:text-slate-500', 'dark:disabled:text-slate-400']))
    expect(classesOf(button).filter((c) => c.includes('hover:') && !c.includes('enabled:hover:'))).toEqual([])
  }
})

/** Every source file of the app, tests aside. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sources(path)
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : []
  })
}

test('no control anywhere only fades when disabled: each takes the shared look from ui/disabled', () => {
  const src = join(__dirname, '..')
  const fading = sources(src).filter((f) => /disabled:opacity/.test(readFileSync(f, 'utf8')))
  expect(fading.map((f) => f.slice(src.length + 1))).toEqual([])
})
