/**
 * A layout for the Logs tabs' virtualised panel, which jsdom cannot give (it lays nothing out: every height is 0, so a
 * virtualizer would think every row fits and draw all of them). Only geometry is mocked, on two kinds of element:
 * - the scroll element (`pre[aria-label]`, the panel): a viewport `height` high, a scrollHeight from what is drawn in
 *   it, and a scrollTop that stays within it and fires `scroll` afterwards, as a browser's does (also via scrollTo);
 * - a drawn row (`[data-index]`): one line (`line` px) per `cols` characters of its text, an empty line one line.
 * The virtualizer, the tabs' following and their search then run exactly as in a browser.
 */
export const LINE = 20

export function layOutLogPanel({ height = 400, cols = 100 }: { height?: number; cols?: number } = {}) {
  const proto = HTMLElement.prototype
  const names = ['clientHeight', 'clientWidth', 'scrollHeight', 'scrollTop', 'offsetHeight'] as const
  const saved = names.map((n) => [n, Object.getOwnPropertyDescriptor(proto, n)] as const)
  const savedScrollTo = Object.getOwnPropertyDescriptor(proto, 'scrollTo')
  const original = (n: (typeof names)[number]) => {
    for (let p: object | null = proto; p; p = Object.getPrototypeOf(p)) {
      const d = Object.getOwnPropertyDescriptor(p, n)
      if (d) return d
    }
    return undefined
  }
  const inherited = Object.fromEntries(names.map((n) => [n, original(n)]))
  const isPanel = (el: HTMLElement) => el.tagName === 'PRE' && el.hasAttribute('aria-label')
  const isRow = (el: HTMLElement) => el.hasAttribute('data-index')
  const rowHeight = (el: HTMLElement) => LINE * Math.max(1, Math.ceil((el.textContent ?? '').length / cols))
  // The lines' list is as high as the virtualizer's total size (its inline style); the header and footer count for nothing,
  // as the list's offsetTop (the virtualizer's scrollMargin) is 0 in jsdom too.
  const contentHeight = (panel: HTMLElement) =>
    [...panel.children].reduce((sum, c) => sum + ((c as HTMLElement).style.height ? Number.parseFloat((c as HTMLElement).style.height) : 0), 0)
  const tops = new WeakMap<HTMLElement, number>()
  const maxTop = (el: HTMLElement) => Math.max(0, contentHeight(el) - height)
  const setTop = (el: HTMLElement, v: number) => {
    const next = Math.min(Math.max(0, Math.round(v)), maxTop(el))
    if (next === (tops.get(el) ?? 0)) return
    tops.set(el, next)
    // A browser fires `scroll` after the position changed, not inside the write.
    queueMicrotask(() => el.dispatchEvent(new Event('scroll')))
  }
  const get = (n: (typeof names)[number], el: HTMLElement) => inherited[n]?.get?.call(el) as number
  const define = (n: (typeof names)[number], getter: (el: HTMLElement) => number, setter?: (el: HTMLElement, v: number) => void) =>
    Object.defineProperty(proto, n, {
      configurable: true,
      get(this: HTMLElement) { return getter(this) },
      set(this: HTMLElement, v: number) { if (setter) setter(this, v); else inherited[n]?.set?.call(this, v) },
    })
  define('clientHeight', (el) => (isPanel(el) ? height : get('clientHeight', el)))
  define('clientWidth', (el) => (isPanel(el) ? cols * 7 : get('clientWidth', el)))
  define('scrollHeight', (el) => (isPanel(el) ? Math.max(height, contentHeight(el)) : get('scrollHeight', el)))
  define('offsetHeight', (el) => (isRow(el) ? rowHeight(el) : get('offsetHeight', el)))
  define('scrollTop', (el) => (isPanel(el) ? Math.min(tops.get(el) ?? 0, maxTop(el)) : get('scrollTop', el)), (el, v) => {
    if (isPanel(el)) setTop(el, v)
    else inherited.scrollTop?.set?.call(el, v)
  })
  Object.defineProperty(proto, 'scrollTo', {
    configurable: true,
    value(this: HTMLElement, opts?: ScrollToOptions) {
      if (isPanel(this) && opts?.top !== undefined) setTop(this, opts.top)
    },
  })

  return {
    /** The person scrolls the panel to `top` (as a wheel or the keyboard would). */
    scrollTo(panel: HTMLElement, top: number) {
      setTop(panel, top)
    },
    /** Which lines (their seq) are drawn. */
    drawn(panel: HTMLElement) {
      return [...panel.querySelectorAll<HTMLElement>('[data-seq]')].map((r) => Number(r.dataset.seq))
    },
    /** Whether the row of line `seq` is drawn inside the viewport. */
    inView(panel: HTMLElement, seq: number) {
      const row = panel.querySelector<HTMLElement>(`[data-seq="${seq}"]`)?.closest<HTMLElement>('[data-index]')
      if (!row) return false
      const top = Number(/translateY\((-?[\d.]+)px\)/.exec(row.style.transform)?.[1] ?? NaN)
      const scroll = panel.scrollTop
      return top + rowHeight(row) > scroll && top < scroll + height
    },
    restore() {
      for (const [n, d] of saved) {
        if (d) Object.defineProperty(proto, n, d)
        else delete (proto as unknown as Record<string, unknown>)[n]
      }
      if (savedScrollTo) Object.defineProperty(proto, 'scrollTo', savedScrollTo)
      else delete (proto as unknown as Record<string, unknown>).scrollTo
    },
  }
}
