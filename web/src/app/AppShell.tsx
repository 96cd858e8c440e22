import { useCallback, useEffect, useRef, useState } from 'react'
import { Outlet, useLocation } from 'react-router'
import { readJson, writeJson } from '../lib/storage'
import { useWhoAmI } from '../features/auth/hooks'
import { usePaletteHotkey } from '../features/palette/usePaletteHotkey'
import { createTypeahead } from '../features/palette/typeahead'
import { usePageKey } from '../lib/usePageKey'
import { Header } from './Header'
import { KeyboardHelp } from './KeyboardHelp'
import { Sidebar } from './Sidebar'

// cmdk + its dialog are not in the initial bundle: fetched when the browser is idle after the
// shell renders, or at the first Ctrl+K if that comes sooner. Rendered as soon as its code is here,
// not through lazy() and Suspense: that way it showed later than the keys of a fast "Ctrl+K audit
// Enter" just after a page load (React may hold back a Suspense reveal), and the Enter reached nothing.
const loadPalette = () => import('../features/palette/CommandPalette')
type PaletteModule = Awaited<ReturnType<typeof loadPalette>>

const SIDEBAR_KEY = 'periscope.sidebar.collapsed'

export function AppShell() {
  const { data: me } = useWhoAmI()
  // Without a saved choice, start collapsed on narrow screens (phone during on-call).
  const [collapsed, setCollapsed] = useState(() => readJson(SIDEBAR_KEY, window.innerWidth < 768))
  const [paletteOpen, setPaletteOpen] = useState(false)
  const [palette, setPalette] = useState<PaletteModule | null>(null)
  // Text typed after Ctrl+K but before the palette's code is here becomes its first query.
  const [typeahead] = useState(createTypeahead)
  const openPalette = useCallback(
    (open: boolean) => {
      if (open && !palette) {
        typeahead.start()
        void loadPalette().then(setPalette)
      }
      setPaletteOpen(open)
    },
    [palette, typeahead],
  )
  useEffect(() => () => void typeahead.stop(), [typeahead])
  useEffect(() => {
    const idle = window.requestIdleCallback ?? ((cb: () => void) => window.setTimeout(cb, 2000))
    const cancel = window.cancelIdleCallback ?? window.clearTimeout
    let gone = false
    const handle = idle(() => void loadPalette().then((m) => !gone && setPalette(m)))
    return () => {
      gone = true
      cancel(handle)
    }
  }, [])
  usePaletteHotkey(useCallback(() => openPalette(!paletteOpen), [openPalette, paletteOpen]))
  const [keysOpen, setKeysOpen] = useState(false)
  usePageKey('?', () => setKeysOpen(true))

  const toggleSidebar = () => {
    setCollapsed((c) => {
      writeJson(SIDEBAR_KEY, !c)
      return !c
    })
  }

  // Move focus to the main region after client-side navigation so keyboard and screen-reader
  // users start at the new content (not on the initial load).
  const { pathname } = useLocation()
  const mainRef = useRef<HTMLElement>(null)
  const first = useRef(true)
  useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    mainRef.current?.focus({ preventScroll: true })
  }, [pathname])

  if (!me) return null
  return (
    <div className="flex h-screen flex-col bg-slate-100 text-slate-900 dark:bg-slate-950 dark:text-slate-100">
      <a
        href="#main"
        className="sr-only rounded bg-sky-600 px-3 py-2 text-white focus:not-sr-only focus:absolute focus:px-3 focus:py-2 focus:top-2 focus:left-2 focus:z-50"
      >
        Skip to content
      </a>
      <Header
        me={me}
        sidebarCollapsed={collapsed}
        onToggleSidebar={toggleSidebar}
        onOpenPalette={() => openPalette(true)}
      />
      <div className="flex min-h-0 flex-1">
        <Sidebar collapsed={collapsed} />
        {/* relative: an absolutely placed descendant (an sr-only label) is clipped by this scroller
            instead of lengthening the document, which gave long pages a second, empty scrollbar */}
        <main id="main" ref={mainRef} tabIndex={-1} className="relative min-w-0 flex-1 overflow-y-auto p-4 outline-none sm:p-6">
          <Outlet />
        </main>
      </div>
      {keysOpen && <KeyboardHelp onClose={() => setKeysOpen(false)} />}
      {palette && <palette.CommandPalette open={paletteOpen} onOpenChange={openPalette} typeahead={typeahead} />}
    </div>
  )
}
