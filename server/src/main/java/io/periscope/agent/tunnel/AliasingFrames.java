package io.periscope.agent.tunnel;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.periscope.tunnel.proto.AgentProxyFrame;
import io.periscope.tunnel.proto.AgentTunnelGrpc;
import java.io.IOException;
import java.io.InputStream;

/**
 * Parses the agent's Proxy frames so that a body frame's bytes are a view of the one array the
 * message was read into. gRPC's protobuf marshaller reads a message into a reused buffer and then
 * copies each {@code bytes} field out of it: a second copy of every response byte on the event loop.
 */
final class AliasingFrames implements MethodDescriptor.Marshaller<AgentProxyFrame> {
  private static final MethodDescriptor.Marshaller<AgentProxyFrame> STANDARD = AgentTunnelGrpc.getProxyMethod().getRequestMarshaller();

  private AliasingFrames() {}

  /** The service with its Proxy method reading frames through this marshaller; the other methods unchanged. */
  static ServerServiceDefinition apply(ServerServiceDefinition service) {
    var out = ServerServiceDefinition.builder(service.getServiceDescriptor().getName());
    for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
      if (isProxy(method.getMethodDescriptor())) {
        @SuppressWarnings("unchecked")
        var proxy = (ServerMethodDefinition<AgentProxyFrame, ?>) method;
        out.addMethod(with(proxy));
      } else {
        out.addMethod(method);
      }
    }
    return out.build();
  }

  static boolean isProxy(MethodDescriptor<?, ?> method) {
    return method.getFullMethodName().equals(AgentTunnelGrpc.getProxyMethod().getFullMethodName());
  }

  private static <R> ServerMethodDefinition<AgentProxyFrame, R> with(ServerMethodDefinition<AgentProxyFrame, R> proxy) {
    return ServerMethodDefinition.create(proxy.getMethodDescriptor().toBuilder().setRequestMarshaller(new AliasingFrames()).build(),
        proxy.getServerCallHandler());
  }

  @Override
  public InputStream stream(AgentProxyFrame value) {
    return STANDARD.stream(value);
  }

  @Override
  public AgentProxyFrame parse(InputStream stream) {
    try {
      if (!(stream instanceof KnownLength)) {
        return STANDARD.parse(stream);
      }
      // The message is read once into an array of its own, which its ByteStrings then share.
      byte[] message = new byte[stream.available()];
      if (stream.readNBytes(message, 0, message.length) != message.length || stream.read() != -1) {
        throw new IOException("the message's length was not as announced");
      }
      // Aliasing needs a decoder that knows its array is immutable: CodedInputStream.newInstance(byte[])
      // does not, and copies every bytes field despite enableAliasing; a wrapped ByteString's decoder does.
      CodedInputStream in = UnsafeByteOperations.unsafeWrap(message).newCodedInput();
      in.enableAliasing(true);
      in.setSizeLimit(Integer.MAX_VALUE);
      AgentProxyFrame frame = AgentProxyFrame.parseFrom(in, ExtensionRegistryLite.getEmptyRegistry());
      in.checkLastTagWas(0);
      return frame;
    } catch (IOException e) {
      throw Status.INTERNAL.withDescription("invalid Proxy frame").withCause(e).asRuntimeException();
    }
  }
}
