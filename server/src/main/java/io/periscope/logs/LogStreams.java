package io.periscope.logs;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The apiserver log streams one request holds open, so they can all be cut at once: when the
 * browser leaves or the login session ends, closing aborts each apiserver request and its reader
 * ends. A stream added after {@link #closeAll()} is closed at once.
 */
public final class LogStreams {
  private static final Logger log = LoggerFactory.getLogger(LogStreams.class);

  private final Set<PodLogs.OpenStream> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  public PodLogs.OpenStream add(PodLogs.OpenStream stream) throws IOException {
    open.add(stream);
    if (closed) {
      close(stream);
      throw new IOException("the log was closed");
    }
    return stream;
  }

  public void close(PodLogs.OpenStream stream) {
    open.remove(stream);
    try {
      stream.close();
    } catch (IOException | RuntimeException e) {
      log.debug("closing a log stream: {}", e.toString());
    }
  }

  public void closeAll() {
    closed = true;
    open.forEach(this::close);
  }

  public boolean closed() {
    return closed;
  }
}
