import { useEffect } from 'react'

/** Each page its own browser title ("Deals · Alliance"), so tabs, history and bookmarks say where they lead. */
export function useDocumentTitle(title: string | null | undefined): void {
  useEffect(() => {
    if (!title) return
    document.title = `${title} · Alliance`
    return () => {
      document.title = 'Alliance'
    }
  }, [title])
}
