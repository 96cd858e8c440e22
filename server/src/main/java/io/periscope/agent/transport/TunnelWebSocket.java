package io.periscope.agent.transport;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.fabric8.kubernetes.client.http.WebSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * fabric8's {@link WebSocket} over an upgraded Proxy call, whose body frames carry the raw bytes
 * of the connection to the apiserver both ways (exec, attach, WebSocket watches).
 *
 * <p>A reader thread parses the apiserver's frames and hands each whole message to the listener
 * only when it asked for one ({@link #request()}), as fabric8's other transports do; until then
 * it reads nothing more, so the call's window closes and the agent stops reading the apiserver.
 * A writer thread sends queued frames as the call's window allows, and a ping when nothing was
 * sent for the ping interval. After the close handshake the apiserver ends the connection (the
 * agent's End finishes the call); if it has not done so {@link #CLOSE_REPLY} after the first close
 * frame, or on any failure, the call is abandoned.
 */
final class TunnelWebSocket implements WebSocket {
  private static final Logger log = LoggerFactory.getLogger(TunnelWebSocket.class);
  /** The largest message accepted (a watch event carries one object; etcd keeps them far smaller). */
  static final int MAX_MESSAGE = 16 * 1024 * 1024;
  /** How long the close handshake and the apiserver's end of the connection may take. */
  static final Duration CLOSE_REPLY = Duration.ofSeconds(10);
  /** No status in a close frame because none arrived (§7.4.1): the connection just ended. */
  static final int ABNORMAL = 1006;

  /** A frame to write; {@code payload} is what it adds to {@link #queueSize()} until written. */
  private record Outgoing(byte[] frame, int payload, boolean close) {}

  private static final Outgoing STOP = new Outgoing(new byte[0], 0, false);

  private final CallReader reader;
  private final Listener listener;
  private final Duration pingInterval;
  private final BlockingQueue<Outgoing> outbound = new LinkedBlockingQueue<>();
  private final AtomicLong queued = new AtomicLong();
  private final AtomicBoolean closeSent = new AtomicBoolean();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final AtomicBoolean ended = new AtomicBoolean();
  /** The listener hears the end once: onClose or onError. */
  private final AtomicBoolean told = new AtomicBoolean();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition asked = lock.newCondition();
  private long demand;

  private TunnelWebSocket(CallReader reader, Listener listener, Duration pingInterval) {
    this.reader = reader;
    this.listener = listener;
    this.pingInterval = pingInterval;
  }

  /**
   * Tells the listener the socket is open (asking for the first message first, as fabric8's JDK
   * transport does), then starts reading and writing.
   */
  static TunnelWebSocket open(CallReader reader, Listener listener, Duration pingInterval) {
    var ws = new TunnelWebSocket(reader, listener, pingInterval);
    ws.request();
    listener.onOpen(ws);
    Thread.ofVirtual().name("tunnel-ws-read").start(ws::readLoop);
    Thread.ofVirtual().name("tunnel-ws-write").start(ws::writeLoop);
    return ws;
  }

  @Override
  public boolean send(ByteBuffer buffer) {
    if (closeSent.get() || ended.get()) {
      return false;
    }
    int size = buffer.remaining();
    queued.addAndGet(size);
    outbound.add(new Outgoing(WebSocketFrames.encode(WebSocketFrames.BINARY, buffer), size, false));
    return true;
  }

  @Override
  public boolean sendClose(int code, String reason) {
    return !ended.get() && sendCloseFrame(code, reason);
  }

  /** Queues our one close frame; false when it was queued before. */
  private boolean sendCloseFrame(int code, String reason) {
    if (!closeSent.compareAndSet(false, true)) {
      return false;
    }
    outbound.add(new Outgoing(WebSocketFrames.encode(WebSocketFrames.CLOSE, WebSocketFrames.closePayload(code, reason)), 0, true));
    closing();
    return true;
  }

  /** The close handshake began: a peer that never finishes it must not hold the agent's stream. */
  private void closing() {
    if (closing.compareAndSet(false, true)) {
      CompletableFuture.delayedExecutor(CLOSE_REPLY.toMillis(), TimeUnit.MILLISECONDS)
          .execute(() -> end("the apiserver did not end the connection within " + CLOSE_REPLY.toSeconds() + " s of the close"));
    }
  }

  @Override
  public long queueSize() {
    return queued.get();
  }

  @Override
  public void request() {
    lock.lock();
    try {
      demand++;
      asked.signal();
    } finally {
      lock.unlock();
    }
  }

  private void writeLoop() {
    try {
      while (!ended.get()) {
        Outgoing next = pingInterval.isZero() || pingInterval.isNegative() ? outbound.take()
            : outbound.poll(pingInterval.toMillis(), TimeUnit.MILLISECONDS);
        if (next == STOP) {
          return;
        }
        byte[] frame = next == null ? WebSocketFrames.encode(WebSocketFrames.PING, ByteBuffer.allocate(0)) : next.frame();
        reader.call().sendBody(UnsafeByteOperations.unsafeWrap(frame));
        if (next != null) {
          queued.addAndGet(-next.payload());
          if (next.close()) {
            return; // nothing may follow a close frame
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // the call ended while sending; the reader reports how
      log.debug("tunnel WebSocket writer stopped", e);
    }
  }

  private void readLoop() {
    try (InputStream in = new CallInputStream(reader)) {
      ByteArrayOutputStream message = null;
      int type = 0;
      while (true) {
        WebSocketFrames.Frame f = WebSocketFrames.read(in, MAX_MESSAGE);
        if (f == null) {
          if (!closeSent.get()) {
            throw new IOException("the apiserver ended the connection without a close frame");
          }
          // We asked to close and the connection ended without an answer: closed all the same.
          stopped();
          tellClosed(ABNORMAL, "the connection ended before the close reply");
          return;
        }
        switch (f.opcode()) {
          case WebSocketFrames.PING -> outbound.add(new Outgoing(WebSocketFrames.encode(WebSocketFrames.PONG,
              ByteBuffer.wrap(f.payload())), 0, false));
          case WebSocketFrames.PONG -> { }
          case WebSocketFrames.CLOSE -> {
            WebSocketFrames.Close c = WebSocketFrames.close(f.payload());
            closing();
            sendCloseFrame(c.code() == WebSocketFrames.NO_STATUS ? WebSocketFrames.NORMAL : c.code(), "");
            tellClosed(c.code(), c.reason());
            awaitEnd(in);
            return;
          }
          default -> {
            if ((f.opcode() == WebSocketFrames.CONTINUATION) != (message != null)) {
              throw new WebSocketFrames.Violation(WebSocketFrames.PROTOCOL_ERROR, message == null
                  ? "a continuation frame outside a fragmented message" : "a new message inside a fragmented one");
            }
            if (message == null) {
              message = new ByteArrayOutputStream();
              type = f.opcode();
            }
            if (message.size() + f.payload().length > MAX_MESSAGE) {
              throw new WebSocketFrames.Violation(WebSocketFrames.TOO_BIG, "a message over " + MAX_MESSAGE + " bytes");
            }
            message.writeBytes(f.payload());
            if (f.fin()) {
              deliver(type, message.toByteArray());
              message = null;
            }
          }
        }
      }
    } catch (WebSocketFrames.Violation v) {
      sendCloseFrame(v.closeCode(), v.getMessage());
      failed(v);
    } catch (IOException | RuntimeException e) {
      failed(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      end("interrupted");
    }
  }

  /** Waits until the listener asked for a message, then hands it over. */
  private void deliver(int type, byte[] payload) throws InterruptedException, WebSocketFrames.Violation {
    lock.lock();
    try {
      while (demand == 0 && !ended.get()) {
        asked.await();
      }
      if (ended.get()) {
        return;
      }
      demand--;
    } finally {
      lock.unlock();
    }
    if (type == WebSocketFrames.TEXT) {
      listener.onMessage(this, WebSocketFrames.utf8(ByteBuffer.wrap(payload)));
    } else {
      listener.onMessage(this, ByteBuffer.wrap(payload));
    }
  }

  private void failed(Exception e) {
    if (!ended.get() && told.compareAndSet(false, true)) {
      listener.onError(this, e);
    }
    end(e.getMessage());
  }

  /**
   * After the peer's close frame nothing more is delivered; the apiserver then ends the
   * connection, and the agent's End finishes the call (inside {@link CallReader}).
   */
  private void awaitEnd(InputStream in) throws IOException {
    in.transferTo(OutputStream.nullOutputStream());
    stopped();
  }

  /** The call finished normally: stop the writer and any waiting delivery. */
  private void stopped() {
    if (ended.compareAndSet(false, true)) {
      outbound.add(STOP);
      wakeReader();
    }
  }

  private void tellClosed(int code, String reason) {
    if (told.compareAndSet(false, true)) {
      listener.onClose(this, code, reason);
    }
  }

  /** Abandons the connection: the agent closes its socket to the apiserver. */
  private void end(String why) {
    if (ended.compareAndSet(false, true)) {
      reader.cancel(why == null ? "the WebSocket ended" : why);
      outbound.add(STOP);
      wakeReader();
    }
  }

  private void wakeReader() {
    lock.lock();
    try {
      asked.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The apiserver's bytes of the upgraded connection as a stream; ends at the agent's End. */
  private static final class CallInputStream extends InputStream {
    private final CallReader reader;
    private ByteBuffer current = ByteBuffer.allocate(0);
    private boolean eof;

    CallInputStream(CallReader reader) {
      this.reader = reader;
    }

    @Override
    public int read() throws IOException {
      return fill() ? current.get() & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (!fill()) {
        return -1;
      }
      int n = Math.min(len, current.remaining());
      current.get(b, off, n);
      return n;
    }

    private boolean fill() throws IOException {
      while (!current.hasRemaining()) {
        if (eof) {
          return false;
        }
        ByteString next = reader.next(null);
        if (next == null) {
          eof = true;
          return false;
        }
        current = next.asReadOnlyByteBuffer();
      }
      return true;
    }
  }
}
