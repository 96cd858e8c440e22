package io.periscope.agent.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.periscope.agent.registration.AgentRegistrations;
import io.periscope.testkit.TestEpoch;
import io.periscope.tunnel.proto.AgentTunnelGrpc;
import io.periscope.tunnel.proto.RegisterRequest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Anyone who reaches the tunnel port may call {@code Register}: a flood of attempts from one
 * address must not flood the audit log and the server log. Driven on the wire by a plain gRPC
 * client with no certificate, as an attacker would.
 */
@Tag(TestEpoch.WALL_CLOCK_TAG)
class RegistrationRateLimitTest {
  @TempDir
  Path dir;
  private TunnelFixture fx;
  private ManagedChannel channel;
  private AgentTunnelGrpc.AgentTunnelBlockingStub stub;
  private final List<AgentRegistrations.Registration> audited = new CopyOnWriteArrayList<>();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final List<Logger> watched = List.of((Logger) LoggerFactory.getLogger(RegistrationRateLimit.class),
      (Logger) LoggerFactory.getLogger(TunnelService.class));

  @BeforeEach
  void start() throws Exception {
    fx = new TunnelFixture(dir);
    fx.registrations.onRegistration(audited::add);
    var tls = TlsChannelCredentials.newBuilder()
        .trustManager(new ByteArrayInputStream(fx.ca.certificatePem().getBytes(StandardCharsets.US_ASCII))).build();
    channel = Grpc.newChannelBuilderForAddress("localhost", fx.tunnel.port(), tls).build();
    stub = AgentTunnelGrpc.newBlockingStub(channel).withDeadlineAfter(Duration.ofSeconds(30));
    logs.start();
    watched.forEach(l -> l.addAppender(logs));
  }

  @AfterEach
  void close() {
    watched.forEach(l -> l.detachAppender(logs));
    channel.shutdownNow();
    fx.close();
  }

  @Test
  void attemptsBeyondTenAMinuteFromOneAddressAreRefusedWithoutAnAuditRowOrALogLineEach() throws Exception {
    byte[] csr = csr();
    for (int i = 0; i < RegistrationRateLimit.ATTEMPTS_PER_MINUTE; i++) {
      String guess = "psa_guessed-" + i;
      assertThat(refusal(() -> register(guess, csr)).getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    }
    assertThat(audited).hasSize(RegistrationRateLimit.ATTEMPTS_PER_MINUTE);
    String token = fx.registrations.mint("edge-1").token();

    for (int i = 0; i < 5; i++) {
      Status refused = refusal(() -> register(token, csr));
      assertThat(refused.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      assertThat(refused.getDescription()).isEqualTo(
          "too many agent registration attempts from this address (at most 10 a minute); wait a minute and try again");
    }

    assertThat(audited).as("refused before the registration: no audit row").hasSize(RegistrationRateLimit.ATTEMPTS_PER_MINUTE);
    assertThat(lines(RegistrationRateLimit.class)).as("one summary line for the address's minute").singleElement().asString()
        .contains("from 127.0.0.1 exceed 10 a minute", "(0 refused in its previous minute)");
    assertThat(lines(TunnelService.class)).as("one line per attempt that reached the registration").hasSize(10);

    fx.clock.advance(Duration.ofMinutes(1));
    assertThat(register(token, csr).getCluster()).as("the token was not spent by the refused attempts").isEqualTo("edge-1");
    assertThat(audited).hasSize(RegistrationRateLimit.ATTEMPTS_PER_MINUTE + 1);
  }

  @Test
  void theNextMinutesSummaryLineCountsThePreviousMinutesRefusals() throws Exception {
    byte[] csr = csr();
    for (int i = 0; i < RegistrationRateLimit.ATTEMPTS_PER_MINUTE + 7; i++) {
      refusal(() -> register("psa_guessed", csr));
    }
    fx.clock.advance(Duration.ofMinutes(1));
    for (int i = 0; i < RegistrationRateLimit.ATTEMPTS_PER_MINUTE + 1; i++) {
      refusal(() -> register("psa_guessed", csr));
    }

    assertThat(lines(RegistrationRateLimit.class)).hasSize(2).last().asString().contains("(7 refused in its previous minute)");
    assertThat(audited).hasSize(2 * RegistrationRateLimit.ATTEMPTS_PER_MINUTE);
  }

  private io.periscope.tunnel.proto.RegisterResponse register(String token, byte[] csr) {
    return stub.register(RegisterRequest.newBuilder().setToken(token).setCsrDer(ByteString.copyFrom(csr)).build());
  }

  private static Status refusal(Runnable call) {
    var thrown = catchThrowableOfType(StatusRuntimeException.class, call::run);
    assertThat(thrown).as("the call was refused").isNotNull();
    return thrown.getStatus();
  }

  private List<String> lines(Class<?> logger) {
    return logs.list.stream().filter(e -> e.getLoggerName().equals(logger.getName())).map(ILoggingEvent::getFormattedMessage).toList();
  }

  private static byte[] csr() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("EC").generateKeyPair();
    return new JcaPKCS10CertificationRequestBuilder(new X500Principal("CN=anyone"), pair.getPublic())
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())).getEncoded();
  }
}
