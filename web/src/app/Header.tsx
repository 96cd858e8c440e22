import { Link } from 'react-router'
import { PanelLeftClose, PanelLeftOpen, Search, Telescope } from 'lucide-react'
import { Button, cx, focusRing } from '../ui'
import { ClusterSwitcher } from '../features/clusters/ClusterSwitcher'
import { ThemeToggle } from '../features/theme/ThemeToggle'
import { UserMenu } from '../features/auth/UserMenu'
import type { WhoAmI } from '../features/auth/api'
import { isMac } from '../lib/platform'
import { SIDEBAR_ID } from './Sidebar'

export function Header({ me, sidebarCollapsed, onToggleSidebar, onOpenPalette }: {
  me: WhoAmI
  sidebarCollapsed: boolean
  onToggleSidebar: () => void
  onOpenPalette: () => void
}) {
  return (
    <header className="flex h-12 shrink-0 items-center gap-2 sm:gap-3 border-b border-slate-200 bg-white px-3 dark:border-slate-800 dark:bg-slate-900">
      <Button
        variant="ghost"
        size="sm"
        onClick={onToggleSidebar}
        aria-controls={SIDEBAR_ID}
        aria-expanded={!sidebarCollapsed}
        aria-label={sidebarCollapsed ? 'Expand sidebar' : 'Collapse sidebar'}
      >
        {sidebarCollapsed ? <PanelLeftOpen size={16} aria-hidden="true" /> : <PanelLeftClose size={16} aria-hidden="true" />}
      </Button>
      <Link to="/" className={cx('flex items-center gap-2 rounded font-semibold text-slate-900 dark:text-slate-50', focusRing)}>
        <Telescope size={18} aria-hidden="true" className="text-sky-600 dark:text-sky-400" />
        <span className="hidden sm:inline">Periscope</span>
        <span className="sr-only sm:hidden">Periscope</span>
      </Link>
      <div className="min-w-0 sm:ml-2">
        <ClusterSwitcher />
      </div>
      <div className="flex-1" />
      <button
        type="button"
        onClick={onOpenPalette}
        aria-keyshortcuts={isMac ? 'Meta+K' : 'Control+K'}
        className={cx(
          'hidden h-8 w-60 items-center gap-2 rounded-md border border-slate-300 bg-slate-50 px-2.5 text-sm text-slate-500 hover:bg-slate-100 md:flex dark:border-slate-700 dark:bg-slate-800 dark:text-slate-400 dark:hover:bg-slate-700',
          focusRing,
        )}
      >
        <Search size={14} aria-hidden="true" />
        <span className="flex-1 text-left">Jump to…</span>
        <kbd className="rounded border border-slate-300 px-1 font-sans text-xs dark:border-slate-600">{isMac ? '⌘K' : 'Ctrl K'}</kbd>
      </button>
      <Button variant="ghost" size="sm" className="md:hidden" aria-label="Open command palette" onClick={onOpenPalette}>
        <Search size={16} aria-hidden="true" />
      </Button>
      <ThemeToggle />
      <UserMenu me={me} />
    </header>
  )
}
