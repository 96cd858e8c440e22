/**
 * Light/dark theme. The user's explicit choice is persisted; without one the OS preference
 * (`prefers-color-scheme`) decides and is followed live. The `dark` class on <html> drives
 * Tailwind's `dark:` variant (see index.css). index.html applies the same rule before first paint.
 */
import { readJson, removeKey, writeJson } from '../../lib/storage'

export type Theme = 'light' | 'dark'
export type ThemePreference = Theme | 'system'

export const THEME_KEY = 'periscope.theme'

export function loadPreference(storage?: Storage): ThemePreference {
  const v = readJson<unknown>(THEME_KEY, 'system', storage)
  return v === 'light' || v === 'dark' ? v : 'system'
}

export function savePreference(pref: ThemePreference, storage?: Storage): void {
  if (pref === 'system') removeKey(THEME_KEY, storage)
  else writeJson(THEME_KEY, pref, storage)
}

export function resolveTheme(pref: ThemePreference, systemPrefersDark: boolean): Theme {
  if (pref === 'system') return systemPrefersDark ? 'dark' : 'light'
  return pref
}

export function systemPrefersDark(): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function'
    ? window.matchMedia('(prefers-color-scheme: dark)').matches
    : false
}

export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  root.classList.toggle('dark', theme === 'dark')
  root.style.colorScheme = theme
}
