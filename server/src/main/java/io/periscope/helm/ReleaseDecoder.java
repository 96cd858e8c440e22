package io.periscope.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.periscope.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPInputStream;

/**
 * Decodes Helm 3's storage payload without the Helm SDK, as {@code decodeRelease} in helm/helm
 * {@code pkg/storage/driver/util.go} defines it: standard base64, then gzip when the bytes start with
 * the gzip magic (older releases were stored uncompressed), then the JSON of {@code release.Release}.
 * The decompressed size is capped so a hostile object cannot exhaust memory.
 */
public final class ReleaseDecoder {
  static final int MAX_DECODED_BYTES = 32 * 1024 * 1024;
  private static final ObjectMapper JSON = Json.mapper();

  private ReleaseDecoder() {}

  public static JsonNode decode(String payload) throws ReleaseDecodeException {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(payload.strip().getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new ReleaseDecodeException("payload is not base64: " + e.getMessage(), e);
    }
    byte[] json = isGzip(raw) ? gunzip(raw) : raw;
    try {
      JsonNode node = JSON.readTree(json);
      if (node == null || !node.isObject()) {
        throw new ReleaseDecodeException("release JSON is not an object", null);
      }
      return node;
    } catch (IOException e) {
      throw new ReleaseDecodeException("release JSON is invalid: " + firstLine(e.getMessage()), e);
    }
  }

  private static boolean isGzip(byte[] b) {
    return b.length >= 3 && b[0] == 0x1f && b[1] == (byte) 0x8b && b[2] == 0x08;
  }

  private static byte[] gunzip(byte[] gz) throws ReleaseDecodeException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      byte[] out = in.readNBytes(MAX_DECODED_BYTES + 1);
      if (out.length > MAX_DECODED_BYTES) {
        throw new ReleaseDecodeException("release is larger than " + MAX_DECODED_BYTES + " bytes once decompressed", null);
      }
      return out;
    } catch (IOException e) {
      throw new ReleaseDecodeException("payload is not valid gzip: " + e.getMessage(), e);
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
