package io.periscope.agent.transport;

import io.periscope.transport.RelayableBody;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/** A body already in memory: the Status of a request the tunnel refused. */
final class FixedBody implements RelayableBody {
  private final byte[] bytes;
  private final Consumer<List<ByteBuffer>> consumer;
  private final AtomicBoolean delivered = new AtomicBoolean();
  private final CompletableFuture<Void> done = new CompletableFuture<>();

  FixedBody(byte[] bytes, Consumer<List<ByteBuffer>> consumer) {
    this.bytes = bytes;
    this.consumer = consumer;
  }

  /** The first call hands over the bytes; the next one (fabric8 asking for more) ends the body. */
  @Override
  public void consume() {
    if (done.isDone()) {
      return;
    }
    if (!delivered.compareAndSet(false, true)) {
      done.complete(null);
      return;
    }
    try {
      consumer.consume(List.of(ByteBuffer.wrap(bytes).asReadOnlyBuffer()), this);
    } catch (Exception e) {
      done.completeExceptionally(e);
    }
  }

  @Override
  public void relayTo(OutputStream out, Duration idle) throws IOException {
    out.write(bytes);
    done.complete(null);
  }

  @Override
  public CompletableFuture<Void> done() {
    return done;
  }

  @Override
  public void cancel() {
    done.cancel(false);
  }
}
