package io.periscope.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoopbackPortsTest {
  @Test
  void portsLieBelowTheEphemeralRangeAreBindableAndAreNotHandedOutTwice() throws Exception {
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      int port = LoopbackPorts.next();
      assertThat(port).isBetween(LoopbackPorts.LOWEST, LoopbackPorts.ephemeralRangeStart() - 1);
      assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
    }
    int port = LoopbackPorts.next();
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(s.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void aPortSomethingListensOnIsSkipped() throws Exception {
    int taken = LoopbackPorts.next();
    try (ServerSocket s = new ServerSocket(taken, 1, InetAddress.getLoopbackAddress())) {
      for (int i = 0; i < 50; i++) {
        assertThat(LoopbackPorts.next()).isNotEqualTo(taken);
      }
    }
  }

  @Test
  void theEphemeralRangeIsReadWholeFromTheKernel() throws Exception {
    java.nio.file.Path range = java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    if (!java.nio.file.Files.isReadable(range)) {
      assertThat(LoopbackPorts.ephemeralRangeStart()).isEqualTo(49_152); // not Linux: the IANA range
      return;
    }
    try (var reader = java.nio.file.Files.newBufferedReader(range)) {
      int start = Integer.parseInt(reader.readLine().trim().split("\\s+")[0]);
      assertThat(LoopbackPorts.ephemeralRangeStart()).isEqualTo(start > LoopbackPorts.LOWEST + 1_000 ? start : 49_152);
    }
  }
}
