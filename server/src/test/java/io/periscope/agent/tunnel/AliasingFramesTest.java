package io.periscope.agent.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.periscope.tunnel.proto.AgentProxyFrame;
import io.periscope.tunnel.proto.AgentTunnelGrpc;
import io.periscope.tunnel.proto.ProxyError;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AliasingFramesTest {
  private static final io.grpc.MethodDescriptor.Marshaller<AgentProxyFrame> STANDARD = AgentTunnelGrpc.getProxyMethod().getRequestMarshaller();

  private final io.grpc.ServerServiceDefinition service = AliasingFrames.apply(
      io.grpc.ServerServiceDefinition.builder(AgentTunnelGrpc.getServiceDescriptor())
          .addMethod(AgentTunnelGrpc.getRegisterMethod(), io.grpc.stub.ServerCalls.asyncUnaryCall((req, out) -> { }))
          .addMethod(AgentTunnelGrpc.getRenewMethod(), io.grpc.stub.ServerCalls.asyncUnaryCall((req, out) -> { }))
          .addMethod(AgentTunnelGrpc.getConnectMethod(), io.grpc.stub.ServerCalls.asyncBidiStreamingCall(out -> null))
          .addMethod(AgentTunnelGrpc.getProxyMethod(), io.grpc.stub.ServerCalls.asyncBidiStreamingCall(out -> null))
          .build());
  @SuppressWarnings("unchecked")
  private final io.grpc.MethodDescriptor.Marshaller<AgentProxyFrame> marshaller = (io.grpc.MethodDescriptor.Marshaller<AgentProxyFrame>)
      service.getMethod(AgentTunnelGrpc.getProxyMethod().getFullMethodName()).getMethodDescriptor().getRequestMarshaller();

  @Test
  void theProxyMethodReadsFramesThroughItAndTheOthersAreUnchanged() {
    assertThat(marshaller).isInstanceOf(AliasingFrames.class);
    assertThat(service.getMethods()).hasSize(4);
    assertThat(service.getMethod(AgentTunnelGrpc.getConnectMethod().getFullMethodName()).getMethodDescriptor())
        .isSameAs(AgentTunnelGrpc.getConnectMethod());
  }

  @Test
  void aBodyFrameParsesToTheSameBytesAndAnErrorFrameToTheSameFields() {
    byte[] body = new byte[256 * 1024 + 3];
    new Random(5).nextBytes(body);
    var frames = new AgentProxyFrame[] {
        AgentProxyFrame.newBuilder().setBody(ByteString.copyFrom(body)).build(),
        AgentProxyFrame.newBuilder().setError(ProxyError.newBuilder().setStreamId(7).setCode("agent_busy").setMessage("busy")).build(),
        AgentProxyFrame.getDefaultInstance()};
    for (AgentProxyFrame frame : frames) {
      assertThat(marshaller.parse(STANDARD.stream(frame))).isEqualTo(frame);
    }
  }

  @Test
  void aBodyFrameIsReadIntoOneArrayThatItsBytesShare() throws Exception {
    byte[] body = new byte[1024 * 1024];
    new Random(7).nextBytes(body);
    byte[] wire = STANDARD.stream(AgentProxyFrame.newBuilder().setBody(ByteString.copyFrom(body)).build()).readAllBytes();
    var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().threadId();
    marshaller.parse(new KnownLengthBytes(wire));
    long before = threads.getThreadAllocatedBytes(thread);
    AgentProxyFrame parsed = marshaller.parse(new KnownLengthBytes(wire));
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    assertThat(parsed.getBody().toByteArray()).isEqualTo(body);
    // One array for the message; a copy of the body field out of it would double this.
    assertThat(allocated).isBetween((long) wire.length, wire.length + 64 * 1024L);
  }

  @Test
  void aMalformedMessageIsAnInternalErrorOfTheCall() {
    // Field 3 (body) announced with 100 bytes, 2 present.
    InputStream truncated = new KnownLengthBytes(new byte[] {0x1a, 100, 1, 2});
    assertThatThrownBy(() -> marshaller.parse(truncated)).isInstanceOf(StatusRuntimeException.class)
        .satisfies(e -> assertThat(((StatusRuntimeException) e).getStatus().getCode()).isEqualTo(Status.Code.INTERNAL));
  }

  private static final class KnownLengthBytes extends ByteArrayInputStream implements io.grpc.KnownLength {
    KnownLengthBytes(byte[] bytes) {
      super(bytes);
    }
  }
}
