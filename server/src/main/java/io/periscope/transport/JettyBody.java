package io.periscope.transport;

import io.fabric8.kubernetes.client.http.AsyncBody;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A response body read from Jetty's content source: {@link #consume()} hands each piece, copied, to
 * fabric8's consumer (error bodies, small reads); {@link #relayTo} writes each piece straight from
 * Jetty's read buffer to the output stream, then releases the buffer.
 */
final class JettyBody implements RelayableBody {
  private final Content.Source source;
  private final Consumer<List<ByteBuffer>> consumer;
  private final Scheduler scheduler;
  private final CompletableFuture<Void> done = new CompletableFuture<>();

  /** @param scheduler the Jetty client's, for the idle watchdog of {@link #relayTo} */
  JettyBody(Content.Source source, Consumer<List<ByteBuffer>> consumer, Scheduler scheduler) {
    this.source = source;
    this.consumer = consumer;
    this.scheduler = scheduler;
  }

  @Override
  public void consume() {
    if (!done.isDone()) {
      source.demand(this::deliverNext);
    }
  }

  private void deliverNext() {
    while (!done.isDone()) {
      Content.Chunk chunk = source.read();
      if (chunk == null) {
        source.demand(this::deliverNext);
        return;
      }
      if (Content.Chunk.isFailure(chunk)) {
        done.completeExceptionally(chunk.getFailure());
        return;
      }
      boolean last = chunk.isLast();
      ByteBuffer copy = null;
      if (chunk.hasRemaining()) {
        ByteBuffer b = chunk.getByteBuffer();
        copy = ByteBuffer.allocate(b.remaining()).put(b).flip();
      }
      chunk.release();
      if (copy != null) {
        try {
          consumer.consume(List.of(copy), this);
        } catch (Exception e) {
          done.completeExceptionally(e);
          source.fail(e);
          return;
        }
      }
      if (last) {
        done.complete(null);
        return;
      }
      if (copy != null) {
        return; // the consumer asks for more by calling consume()
      }
    }
  }

  @Override
  public void relayTo(OutputStream out, Duration idle) throws IOException {
    ContentWait wait = null;
    try {
      while (true) {
        Content.Chunk chunk = source.read();
        if (chunk == null) {
          if (wait == null) {
            wait = new ContentWait(scheduler, idle);
          }
          wait.await(source);
          continue;
        }
        if (Content.Chunk.isFailure(chunk)) {
          throw new IOException("the apiserver broke off the response", chunk.getFailure());
        }
        try {
          if (chunk.hasRemaining()) {
            RelayableBody.write(chunk.getByteBuffer(), out);
          }
        } finally {
          chunk.release();
        }
        if (chunk.isLast()) {
          done.complete(null);
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      done.completeExceptionally(e);
      source.fail(e);
      throw e;
    } finally {
      if (wait != null) {
        wait.close();
      }
    }
  }

  @Override
  public CompletableFuture<Void> done() {
    return done;
  }

  @Override
  public void cancel() {
    if (done.cancel(false)) {
      source.fail(new CancellationException("response body cancelled"));
    }
  }
}
