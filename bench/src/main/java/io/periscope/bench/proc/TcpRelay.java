package io.periscope.bench.proc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;

/**
 * The least any proxy can do: a plain TCP relay in front of the apiserver, a thread pair per
 * connection copying bytes both ways with 64 KiB reads, no HTTP parsing at all. Run in a JVM of
 * its own ({@code main}, one more peer), the list bench times it beside the direct path: on a
 * machine whose cores the apiserver and the client already keep busy, a second hop's socket reads
 * and writes are a cost every proxy pays, Periscope included, and this shows how large it is in
 * the same run. Prints {@code READY url=<relay URL>}; exits on EOF.
 */
public final class TcpRelay implements AutoCloseable {
  private final ServerSocket listener;
  private final InetSocketAddress target;

  public static void main(String[] args) throws Exception {
    try (TcpRelay relay = new TcpRelay(URI.create(args[0]))) {
      PeerCommands.serve("url=" + relay.url(), cmd -> "error=unknown-command");
    }
  }

  TcpRelay(URI apiserver) throws IOException {
    this.target = new InetSocketAddress(apiserver.getHost(), apiserver.getPort());
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofPlatform().daemon().name("tcp-relay-accept").start(this::accept);
  }

  /** The relay's base URL, standing in for the apiserver's. */
  String url() {
    return "http://127.0.0.1:" + listener.getLocalPort() + "/";
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket upstream = new Socket(target.getAddress(), target.getPort());
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        Thread.ofPlatform().daemon().start(() -> pump(client, upstream));
        Thread.ofPlatform().daemon().start(() -> pump(upstream, client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void pump(Socket from, Socket to) {
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
      }
    } catch (IOException ended) {
      // either side closed
    } finally {
      close(from);
      close(to);
    }
  }

  private static void close(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
