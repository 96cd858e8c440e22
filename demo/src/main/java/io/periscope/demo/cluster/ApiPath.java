package io.periscope.demo.cluster;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An apiserver resource path split at its group version: {@code /api/v1/...} (core, group "") or
 * {@code /apis/GROUP/VERSION/...}; {@code rest} is what follows ({@code [namespaces, NS,] PLURAL, ...}).
 */
record ApiPath(String group, String version, List<String> rest) {
  static Optional<ApiPath> of(String path) {
    String[] seg = path.replaceFirst("^/", "").split("/");
    if (seg.length >= 3 && seg[0].equals("api")) {
      return Optional.of(new ApiPath("", seg[1], Arrays.asList(seg).subList(2, seg.length)));
    }
    if (seg.length >= 4 && seg[0].equals("apis")) {
      return Optional.of(new ApiPath(seg[1], seg[2], Arrays.asList(seg).subList(3, seg.length)));
    }
    return Optional.empty();
  }
}
