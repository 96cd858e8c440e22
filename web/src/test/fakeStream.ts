import { setStreamClient } from '../features/stream/hooks'
import { StreamClient, type SseHandlers } from '../features/stream/streamClient'

export type OpenedStream = { url: string; h: SseHandlers }

/** Installs a stream client whose SSE connections the test drives: each opened one's URL and handlers, in order. */
export function installFakeStream(): OpenedStream[] {
  const opened: OpenedStream[] = []
  setStreamClient(
    new StreamClient({
      transport: {
        openSse: (url, _id, h) => {
          opened.push({ url, h })
          return () => {}
        },
        poll: () => new Promise(() => {}),
      },
    }),
  )
  return opened
}
