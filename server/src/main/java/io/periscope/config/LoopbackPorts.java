package io.periscope.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback ports for a server that must name its port before it binds: dev mode writes it into
 * its public URL (the OIDC redirect) first, and tests restart a server on the same address.
 *
 * <p>Asking the kernel for port 0 and releasing it does not work for that under load: the port
 * comes from the ephemeral range, so any outgoing connection may take it before the server binds
 * ("Address already in use", seen in CI). These ports lie below that range, which outgoing
 * connections never use; each one handed out is checked free, and this JVM never hands one out twice.
 */
public final class LoopbackPorts {
  /** The lowest port handed out, above the well-known and common service ports. */
  static final int LOWEST = 20_000;
  private static final int BELOW = ephemeralRangeStart();
  private static final AtomicInteger cursor =
      new AtomicInteger(ThreadLocalRandom.current().nextInt(LOWEST, BELOW)); // another JVM starts elsewhere

  private LoopbackPorts() {}

  /** A loopback port nothing listens on, outside the ephemeral range. */
  public static int next() {
    for (int tried = 0; tried < BELOW - LOWEST; tried++) {
      int port = cursor.getAndUpdate(p -> p + 1 >= BELOW ? LOWEST : p + 1);
      if (bindable(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free loopback port between " + LOWEST + " and " + BELOW);
  }

  /** Where the kernel's ephemeral ports start (Linux), else the IANA range's start. */
  static int ephemeralRangeStart() {
    try {
      // Read as a stream: Files.readString trusts the size /proc reports and returned only "3" of "32768\t60999".
      String range;
      try (var in = Files.newInputStream(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
        range = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim();
      }
      int start = Integer.parseInt(range.split("\\s+")[0]);
      return start > LOWEST + 1_000 ? start : 49_152;
    } catch (IOException | RuntimeException e) {
      return 49_152;
    }
  }

  private static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
