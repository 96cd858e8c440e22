import { act, render, screen } from '@testing-library/react'
import { applyTheme, loadPreference, resolveTheme, savePreference, THEME_KEY } from './theme'
import { ThemeProvider } from './ThemeProvider'
import { ThemeToggle } from './ThemeToggle'


function stubMatchMedia(dark: boolean) {
  const listeners: Array<(e: MediaQueryListEvent) => void> = []
  vi.stubGlobal('matchMedia', (query: string) => ({
    matches: dark && query.includes('dark'),
    media: query,
    addEventListener: (_: string, l: (e: MediaQueryListEvent) => void) => listeners.push(l),
    removeEventListener: () => {},
  }))
  return (matches: boolean) => listeners.forEach((l) => l({ matches } as MediaQueryListEvent))
}

beforeEach(() => {
  localStorage.clear()
  document.documentElement.className = ''
})
afterEach(() => vi.unstubAllGlobals())

test('preference defaults to system and ignores junk', () => {
  expect(loadPreference()).toBe('system')
  localStorage.setItem(THEME_KEY, '"purple"')
  expect(loadPreference()).toBe('system')
  localStorage.setItem(THEME_KEY, 'not json')
  expect(loadPreference()).toBe('system')
})

test('explicit choices persist; system clears the stored key', () => {
  savePreference('dark')
  expect(loadPreference()).toBe('dark')
  savePreference('system')
  expect(localStorage.getItem(THEME_KEY)).toBeNull()
})

test('resolveTheme follows the OS only without an explicit choice', () => {
  expect(resolveTheme('system', true)).toBe('dark')
  expect(resolveTheme('system', false)).toBe('light')
  expect(resolveTheme('light', true)).toBe('light')
  expect(resolveTheme('dark', false)).toBe('dark')
})

test('applyTheme toggles the dark class and color-scheme', () => {
  applyTheme('dark')
  expect(document.documentElement).toHaveClass('dark')
  expect(document.documentElement.style.colorScheme).toBe('dark')
  applyTheme('light')
  expect(document.documentElement).not.toHaveClass('dark')
})

test('the toggle starts from the OS preference, persists the flip and survives a remount', () => {
  const fireSystem = stubMatchMedia(true)
  const { unmount } = render(<ThemeProvider><ThemeToggle /></ThemeProvider>)
  expect(document.documentElement).toHaveClass('dark')

  act(() => screen.getByRole('button', { name: /switch to light theme/i }).click())
  expect(document.documentElement).not.toHaveClass('dark')
  expect(localStorage.getItem(THEME_KEY)).toBe('"light"')

  // An explicit choice wins over later OS changes.
  act(() => fireSystem(true))
  expect(document.documentElement).not.toHaveClass('dark')

  unmount()
  render(<ThemeProvider><ThemeToggle /></ThemeProvider>)
  expect(document.documentElement).not.toHaveClass('dark')
  expect(screen.getByRole('button', { name: /switch to dark theme/i })).toBeInTheDocument()
})

test('without a choice the theme follows OS changes live', () => {
  const fireSystem = stubMatchMedia(false)
  render(<ThemeProvider><ThemeToggle /></ThemeProvider>)
  expect(document.documentElement).not.toHaveClass('dark')
  act(() => fireSystem(true))
  expect(document.documentElement).toHaveClass('dark')
})
