import '@testing-library/jest-dom/vitest'
import { configure } from '@testing-library/react'

// findBy*/waitFor give up after 1 s by default; the CI machine (2 cores, Vitest's workers in
// parallel with the JVM builds) sometimes needs longer for a render. They still return as soon as
// the expectation holds, so passing tests are no slower.
configure({ asyncUtilTimeout: 5000 })

// jsdom lacks these; cmdk (command palette) and Radix use them.
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= ResizeObserverStub as unknown as typeof ResizeObserver
Element.prototype.scrollIntoView ??= function scrollIntoView() {}
