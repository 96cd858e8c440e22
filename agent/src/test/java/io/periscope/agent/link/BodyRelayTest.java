package io.periscope.agent.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's response relay against a real HTTP server and the JDK client, with a recording sink in place of the Proxy call. */
class BodyRelayTest {
  @TempDir
  Path dir;

  private HttpServer api;
  private ApiForwarder forwarder;

  @BeforeEach
  void start() throws IOException {
    api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    api.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    api.start();
    Path token = dir.resolve("token");
    Files.writeString(token, "sa-token");
    forwarder = new ApiForwarder(URI.create("http://127.0.0.1:" + api.getAddress().getPort()), token, Optional.empty());
  }

  @AfterEach
  void stop() {
    api.stop(0);
  }

  @Test
  void relaysALargeBodyIntactAfterItsHeadAndThenEnds() throws Exception {
    byte[] body = new byte[8 * 1024 * 1024 + 17];
    new Random(7).nextBytes(body);
    serve("/big", out -> out.write(body), body.length);
    var sink = new RecordingSink();
    BodyRelay relay = new BodyRelay(sink);

    forwarder.send("GET", "/big", Map.of(), new byte[0], relay).get(30, TimeUnit.SECONDS);

    assertThat(sink.status).isEqualTo(200);
    assertThat(sink.headers).containsEntry("content-type", List.of("application/json"));
    assertThat(sink.bytes()).isEqualTo(body);
    assertThat(sink.frames.size()).as("frames, one per delivery of the client").isGreaterThan(1);
    assertThat(sink.events).first().isEqualTo("head");
    assertThat(sink.events).last().isEqualTo("end");
    assertThat(sink.events).filteredOn("end"::equals).hasSize(1);
  }

  @Test
  void aLoneLineLeavesAtOnceWithoutWaitingForMoreOfTheBody() throws Exception {
    var more = new CountDownLatch(1);
    serve("/watch", out -> {
      out.write("{\"type\":\"ADDED\"}\n".getBytes());
      out.flush();
      await(more);
      out.write("{\"type\":\"MODIFIED\"}\n".getBytes());
    }, 0);
    var sink = new RecordingSink();
    var firstLine = new CountDownLatch(1);
    sink.onBody = bytes -> firstLine.countDown();

    var exchange = forwarder.send("GET", "/watch", Map.of(), new byte[0], new BodyRelay(sink));

    // The apiserver sends the rest only after the first line went out: a relay that gathered would never get it.
    assertThat(firstLine.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(new String(sink.bytes())).isEqualTo("{\"type\":\"ADDED\"}\n");
    more.countDown();
    exchange.get(30, TimeUnit.SECONDS);
    assertThat(new String(sink.bytes())).isEqualTo("{\"type\":\"ADDED\"}\n{\"type\":\"MODIFIED\"}\n");
  }

  @Test
  void aSinkThatIsNotReadyHoldsTheApiserverBackUntilItIs() throws Exception {
    byte[] body = new byte[32 * 1024 * 1024];
    new Random(3).nextBytes(body);
    var written = new AtomicLong();
    var wroteAMegabyte = new CountDownLatch(1);
    serve("/slow", out -> {
      for (int at = 0; at < body.length; at += 64 * 1024) {
        out.write(body, at, 64 * 1024);
        if (written.addAndGet(64 * 1024) >= 1024 * 1024) {
          wroteAMegabyte.countDown();
        }
      }
    }, body.length);
    var sink = new RecordingSink();
    sink.ready = false;
    BodyRelay relay = new BodyRelay(sink);

    var exchange = forwarder.send("GET", "/slow", Map.of(), new byte[0], relay);

    // The apiserver gets a megabyte into the socket; the relay took what it asked for when it
    // started and nothing more (the sink was never seen ready, so nothing was read ahead), and the
    // apiserver cannot finish the 32 MB.
    assertThat(wroteAMegabyte.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(sink.received()).as("bytes relayed while the call was not ready").isLessThanOrEqualTo(64 * 1024);
    assertThat(written.get()).isLessThan(body.length);
    assertThat(exchange).isNotDone();

    sink.ready = true;
    relay.onReady();
    exchange.get(60, TimeUnit.SECONDS);
    assertThat(sink.bytes()).isEqualTo(body);
  }

  @Test
  void cancellingMidBodyClosesTheApiserverConnectionAndEndsNothing() throws Exception {
    var connectionClosed = new CountDownLatch(1);
    serve("/endless", out -> {
      byte[] piece = new byte[64 * 1024];
      try {
        while (true) {
          out.write(piece);
        }
      } catch (IOException closed) {
        connectionClosed.countDown();
        throw closed;
      }
    }, 0);
    var sink = new RecordingSink();
    var relays = new ArrayList<BodyRelay>();
    sink.onBody = bytes -> relays.getFirst().cancel();
    BodyRelay relay = new BodyRelay(sink);
    relays.add(relay);

    CompletableFuture<?> exchange = forwarder.send("GET", "/endless", Map.of(), new byte[0], relay);

    assertThat(connectionClosed.await(30, TimeUnit.SECONDS)).as("the apiserver saw its connection closed").isTrue();
    assertThatThrownBy(() -> exchange.get(30, TimeUnit.SECONDS))
        .satisfiesAnyOf(e -> assertThat(e).isInstanceOf(CancellationException.class),
            e -> assertThat(e).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(CancellationException.class));
    assertThat(sink.events).doesNotContain("end");
    assertThat(sink.frames).hasSize(1);
  }

  @Test
  void asksForOneDeliveryAtATimeWhileReadyThenAFewMoreThenWaitsForTheSink() {
    var sink = new RecordingSink();
    BodyRelay relay = new BodyRelay(sink);
    var subscription = new CountingSubscription();

    relay.onSubscribe(subscription);
    assertThat(subscription.requested).isEqualTo(1);
    relay.onNext(List.of(ByteBuffer.wrap("ab".getBytes()), ByteBuffer.allocate(0), ByteBuffer.wrap("c".getBytes())));
    assertThat(subscription.requested).as("the next one at once while ready").isEqualTo(2);

    sink.ready = false;
    for (int i = 0; i < BodyRelay.AHEAD + 2; i++) {
      relay.onNext(List.of(ByteBuffer.wrap("d".getBytes())));
    }
    assertThat(subscription.requested).as("AHEAD more past readiness, then nothing").isEqualTo(2 + BodyRelay.AHEAD);
    relay.onReady();
    assertThat(subscription.requested).isEqualTo(2 + BodyRelay.AHEAD);

    sink.ready = true;
    relay.onReady();
    relay.onReady();
    assertThat(subscription.requested).as("the held-back demand, once").isEqualTo(3 + BodyRelay.AHEAD);
    assertThat(sink.frames).extracting(ByteString::toStringUtf8).startsWith("abc", "d").hasSize(BodyRelay.AHEAD + 3);

    // Seen ready again: the allowance past readiness is back, counted afresh.
    sink.ready = false;
    for (int i = 0; i < BodyRelay.AHEAD + 2; i++) {
      relay.onNext(List.of(ByteBuffer.wrap("e".getBytes())));
    }
    assertThat(subscription.requested).isEqualTo(3 + 2 * BodyRelay.AHEAD);

    relay.cancel();
    assertThat(subscription.cancelled).isTrue();
    int frames = sink.frames.size();
    relay.onNext(List.of(ByteBuffer.wrap("late".getBytes())));
    assertThat(sink.frames).hasSize(frames);
    assertThat(subscription.requested).isEqualTo(3 + 2 * BodyRelay.AHEAD);
  }

  private void serve(String path, IoConsumer<OutputStream> body, long length) {
    api.createContext(path, exchange -> {
      try (exchange) {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, length);
        body.accept(exchange.getResponseBody());
      }
    });
  }

  private static void await(CountDownLatch latch) throws IOException {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IOException("the test never released the response");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  @FunctionalInterface
  private interface IoConsumer<T> {
    void accept(T t) throws IOException;
  }

  private static final class CountingSubscription implements Flow.Subscription {
    volatile long requested;
    volatile boolean cancelled;

    @Override
    public void request(long n) {
      requested += n;
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  private static final class RecordingSink implements BodyRelay.Sink {
    volatile boolean ready = true;
    volatile int status;
    volatile Map<String, List<String>> headers;
    final List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<ByteString> frames = java.util.Collections.synchronizedList(new ArrayList<>());
    volatile Consumer<ByteString> onBody = bytes -> { };

    @Override
    public boolean ready() {
      return ready;
    }

    @Override
    public void head(int status, Map<String, List<String>> headers) {
      this.status = status;
      this.headers = headers;
      events.add("head");
    }

    @Override
    public void body(ByteString bytes) {
      frames.add(bytes);
      events.add("body");
      onBody.accept(bytes);
    }

    @Override
    public void end() {
      events.add("end");
    }

    long received() {
      synchronized (frames) {
        return frames.stream().mapToLong(ByteString::size).sum();
      }
    }

    byte[] bytes() {
      var all = new ByteArrayOutputStream();
      synchronized (frames) {
        frames.forEach(f -> all.writeBytes(f.toByteArray()));
      }
      return all.toByteArray();
    }
  }
}
