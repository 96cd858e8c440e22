package io.periscope.resources;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a page of the list cache as the apiserver writes a list ({@code kind: PodList},
 * {@code metadata.resourceVersion}, {@code continue}, {@code remainingItemCount}), straight from the
 * objects' stored bytes: nothing is parsed or re-serialized per request. A browser that takes gzip
 * gets it compressed at the fastest level, since a cached page has no apiserver compression to relay.
 */
final class CachedListWriter {
  private static final byte[] COMMA = {','};

  private CachedListWriter() {}

  static void write(ListCache.Page page, boolean gzip, ResourceReader.ListSink sink) throws IOException {
    byte[] head = head(page);
    byte[] tail = "]}".getBytes(StandardCharsets.UTF_8);
    if (!gzip) {
      long length = head.length + tail.length + Math.max(0, page.items().size() - 1);
      for (var item : page.items()) {
        length += item.json().length;
      }
      OutputStream out = sink.open(ResourceReader.ListFormat.LIST, length, null, true);
      body(out, head, page, tail);
      out.flush();
      return;
    }
    try (var out = new FastGzip(sink.open(ResourceReader.ListFormat.LIST, -1, "gzip", true))) {
      body(out, head, page, tail);
    }
  }

  private static void body(OutputStream out, byte[] head, ListCache.Page page, byte[] tail) throws IOException {
    out.write(head);
    boolean first = true;
    for (var item : page.items()) {
      if (!first) {
        out.write(COMMA);
      }
      out.write(item.json());
      first = false;
    }
    out.write(tail);
  }

  /** Everything before the items: {@code {"kind":…,"apiVersion":…,"metadata":{…},"items":[}. */
  private static byte[] head(ListCache.Page page) {
    ObjectNode metadata = JsonNodeFactory.instance.objectNode();
    metadata.put("resourceVersion", page.resourceVersion());
    if (page.continueToken() != null) {
      metadata.put("continue", page.continueToken());
    }
    if (page.remaining() != null) {
      metadata.put("remainingItemCount", page.remaining());
    }
    ObjectNode list = JsonNodeFactory.instance.objectNode();
    list.put("kind", page.kind().kind() + "List");
    list.put("apiVersion", page.kind().apiVersion());
    list.set("metadata", metadata);
    String json = list.toString();
    return (json.substring(0, json.length() - 1) + ",\"items\":[").getBytes(StandardCharsets.UTF_8);
  }

  /** gzip at level 1: a page is compressed once per request, so speed matters more than the last few percent. */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out, 64 * 1024);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }
}
