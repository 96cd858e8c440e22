import { Moon, Sun } from 'lucide-react'
import { Button } from '../../ui'
import { useTheme } from './ThemeProvider'

export function ThemeToggle() {
  const { theme, preference, toggle } = useTheme()
  const next = theme === 'dark' ? 'light' : 'dark'
  const label = `Switch to ${next} theme` + (preference === 'system' ? ' (currently following the system)' : '')
  return (
    <Button variant="ghost" size="sm" onClick={toggle} aria-label={label} title={label}>
      {theme === 'dark' ? <Sun size={16} aria-hidden="true" /> : <Moon size={16} aria-hidden="true" />}
    </Button>
  )
}
