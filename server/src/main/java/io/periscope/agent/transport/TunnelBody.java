package io.periscope.agent.transport;

import com.google.protobuf.ByteOutput;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.periscope.transport.RelayableBody;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A response body arriving as the agent's body frames. fabric8's {@link #consume()} contract is
 * served by a virtual thread that takes a frame only when fabric8 asked for one and hands its
 * bytes over without a copy; {@link #relayTo} writes each frame's bytes to the stream on the
 * calling thread. Either way nothing is read ahead beyond the call's few frames of read-ahead.
 */
final class TunnelBody implements RelayableBody {
  private final CallReader reader;
  private final Consumer<List<ByteBuffer>> consumer;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition asked = lock.newCondition();
  private boolean demand;
  private boolean pumping;

  TunnelBody(CallReader reader, Consumer<List<ByteBuffer>> consumer) {
    this.reader = reader;
    this.consumer = consumer;
  }

  @Override
  public void consume() {
    lock.lock();
    try {
      demand = true;
      if (!pumping) {
        pumping = true;
        Thread.ofVirtual().name("tunnel-body").start(this::pump);
      }
      asked.signal();
    } finally {
      lock.unlock();
    }
  }

  private void pump() {
    try {
      while (awaitDemand()) {
        ByteString bytes = reader.next(null);
        if (bytes == null) {
          done.complete(null);
          return;
        }
        consumer.consume(List.of(bytes.asReadOnlyByteBuffer()), this);
      }
    } catch (Exception e) {
      fail(e);
    }
  }

  /** Waits until fabric8 asks for more; false once the body is done (cancelled). */
  private boolean awaitDemand() throws InterruptedException {
    lock.lock();
    try {
      while (!demand && !done.isDone()) {
        asked.await();
      }
      demand = false;
      return !done.isDone();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void relayTo(OutputStream out, Duration idle) throws IOException {
    var to = new StreamOutput(out);
    try {
      for (ByteString bytes = reader.next(idle); bytes != null; bytes = reader.next(idle)) {
        UnsafeByteOperations.unsafeWriteTo(bytes, to);
      }
      done.complete(null);
    } catch (IOException | RuntimeException e) {
      fail(e);
      throw e;
    }
  }

  private void fail(Exception e) {
    if (done.completeExceptionally(e)) {
      reader.cancel("reading the response failed: " + e.getMessage());
    }
  }

  @Override
  public CompletableFuture<Void> done() {
    return done;
  }

  @Override
  public void cancel() {
    if (done.cancel(false)) {
      reader.cancel("the response body was cancelled");
      lock.lock();
      try {
        asked.signal();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Hands protobuf's bytes to a stream without copying them. */
  private static final class StreamOutput extends ByteOutput {
    private final OutputStream out;

    StreamOutput(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(byte value) throws IOException {
      out.write(value);
    }

    @Override
    public void write(byte[] value, int offset, int length) throws IOException {
      out.write(value, offset, length);
    }

    @Override
    public void writeLazy(byte[] value, int offset, int length) throws IOException {
      out.write(value, offset, length);
    }

    @Override
    public void write(ByteBuffer value) throws IOException {
      RelayableBody.write(value, out);
    }

    @Override
    public void writeLazy(ByteBuffer value) throws IOException {
      RelayableBody.write(value, out);
    }
  }
}
