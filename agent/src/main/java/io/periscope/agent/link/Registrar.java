package io.periscope.agent.link;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.periscope.tunnel.proto.AgentTunnelGrpc;
import io.periscope.tunnel.proto.RegisterRequest;
import io.periscope.tunnel.proto.RegisterResponse;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.TimeUnit;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** First start: a new EC P-256 key, a CSR, and the token exchanged for a certificate (TLS, server verified). */
final class Registrar {
  private static final Logger log = LoggerFactory.getLogger(Registrar.class);

  private Registrar() {}

  /** @throws RegistrationFailedException when the server refuses or cannot be reached */
  static String register(AgentSettings settings, StateDir state) {
    String token = settings.token().filter(t -> !t.isBlank()).orElseThrow(() -> new RegistrationFailedException(
        "no certificate in " + state.certificate() + " and no --token to register with"));
    KeyPair pair = newKeyPair();
    ManagedChannel channel;
    try {
      channel = NettyChannelBuilder.forTarget(settings.server(),
          TlsChannelCredentials.newBuilder().trustManager(settings.caBundle().toFile()).build()).build();
    } catch (IOException e) {
      throw new RegistrationFailedException("cannot read the CA bundle " + settings.caBundle() + ": " + e.getMessage());
    }
    try {
      RegisterResponse response = AgentTunnelGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
          .register(RegisterRequest.newBuilder().setToken(token).setCsrDer(ByteString.copyFrom(csr(pair))).build());
      state.store(pair.getPrivate(), response.getCertificateChainPem());
      log.info("registered with {} for cluster {}", settings.server(), response.getCluster());
      return response.getCluster();
    } catch (StatusRuntimeException e) {
      throw new RegistrationFailedException("the server refused registration: " + e.getStatus().getCode()
          + (e.getStatus().getDescription() == null ? "" : " " + e.getStatus().getDescription())
          + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
    } catch (IOException e) {
      throw new RegistrationFailedException("cannot write the agent state to " + state.certificate().getParent() + ": " + e.getMessage());
    } finally {
      channel.shutdownNow();
    }
  }

  static KeyPair newKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 is not available in this JVM", e);
    }
  }

  static byte[] csr(KeyPair pair) {
    try {
      return new JcaPKCS10CertificationRequestBuilder(new X500Principal("CN=periscope-agent"), pair.getPublic())
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())).getEncoded();
    } catch (OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot build the CSR", e);
    }
  }

  /** Registration did not produce a certificate; the message says why. */
  static final class RegistrationFailedException extends RuntimeException {
    RegistrationFailedException(String message) {
      super(message);
    }
  }
}
