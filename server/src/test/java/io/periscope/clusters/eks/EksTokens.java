package io.periscope.clusters.eks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test helper: takes an EKS token apart. */
final class EksTokens {
  private EksTokens() {}

  static URI presignedUrl(String token) {
    assertThat(token).startsWith(EksTokenProvider.PREFIX).doesNotContain("=");
    String encoded = token.substring(EksTokenProvider.PREFIX.length());
    return URI.create(new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8));
  }

  static Map<String, String> query(URI url) {
    Map<String, String> out = new LinkedHashMap<>();
    Arrays.stream(url.getRawQuery().split("&")).map(p -> p.split("=", 2)).forEach(kv -> out.put(
        URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : ""));
    return out;
  }
}
