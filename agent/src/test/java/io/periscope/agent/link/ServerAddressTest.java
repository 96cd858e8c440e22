package io.periscope.agent.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerAddressTest {
  @Test
  void splitsHostAndPortKeepingTheHostForTheCertificate() {
    assertThat(ServerAddress.parse("periscope-tunnel-headless.periscope.svc:8443"))
        .isEqualTo(new ServerAddress("periscope-tunnel-headless.periscope.svc", 8443));
    assertThat(ServerAddress.parse("[fd00::1]:8443")).isEqualTo(new ServerAddress("fd00::1", 8443));
    assertThat(ServerAddress.parse("[fd00::1]:8443").authority()).isEqualTo("[fd00::1]:8443");
    assertThat(ServerAddress.parse("tunnel.example.com:443").authority()).isEqualTo("tunnel.example.com:443");
  }

  @Test
  void aTunnelPerAddressOfTheFirstAddresssFamily() throws Exception {
    ServerAddress server = new ServerAddress("periscope-tunnel-headless", 8443);
    InetAddress a = InetAddress.getByName("10.0.0.5");
    InetAddress b = InetAddress.getByName("10.0.0.6");
    InetAddress v6 = InetAddress.getByName("fd00::5");

    assertThat(server.endpoints(List.of(a, v6, b, a)))
        .as("a dual-stack name lists each replica twice: one family, one tunnel per replica")
        .containsExactly(new InetSocketAddress(a, 8443), new InetSocketAddress(b, 8443));
    assertThat(server.endpoints(List.of(v6, a))).containsExactly(new InetSocketAddress(v6, 8443));
    assertThat(server.endpoints(List.of())).isEmpty();
  }
}
