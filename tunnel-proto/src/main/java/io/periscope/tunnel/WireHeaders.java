package io.periscope.tunnel;

import io.periscope.tunnel.proto.Header;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Header conversion for the tunnel, and the hop-by-hop headers that never cross it. */
public final class WireHeaders {
  /** Connection-level headers (RFC 9110 §7.6.1) plus framing headers each hop sets itself. */
  private static final Set<String> HOP_BY_HOP = Set.of(
      "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization",
      "te", "trailer", "transfer-encoding", "upgrade", "http2-settings", "host", "content-length", "expect");

  private WireHeaders() {}

  public static boolean isHopByHop(String name) {
    return HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT));
  }

  /** End-to-end headers only, names as given. */
  public static List<Header> toWire(Map<String, List<String>> headers) {
    List<Header> out = new ArrayList<>();
    headers.forEach((name, values) -> {
      if (name != null && !isHopByHop(name)) {
        out.add(Header.newBuilder().setName(name).addAllValues(values).build());
      }
    });
    return out;
  }

  /** Case-insensitive map of the frame's end-to-end headers. */
  public static Map<String, List<String>> fromWire(List<Header> headers) {
    Map<String, List<String>> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Header h : headers) {
      if (!isHopByHop(h.getName())) {
        out.computeIfAbsent(h.getName(), k -> new ArrayList<>()).addAll(h.getValuesList());
      }
    }
    return out;
  }
}
