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
}
