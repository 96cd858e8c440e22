import { useEffect } from 'react'

/** "Fleet · Periscope": screen readers announce the page on route changes via the title. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Periscope` : 'Periscope'
  }, [title])
}
