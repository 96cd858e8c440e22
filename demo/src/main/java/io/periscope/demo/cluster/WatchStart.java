package io.periscope.demo.cluster;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Where a watch request asks to start: its {@code resourceVersion} query parameter. */
final class WatchStart {
  private WatchStart() {}

  /** The decimal resourceVersion a watch path asks to start after; -1 when it names none ("from now") or not a number. */
  static long resourceVersion(String path) {
    int query = path.indexOf('?');
    if (query < 0) {
      return -1;
    }
    for (String parameter : path.substring(query + 1).split("&")) {
      if (parameter.startsWith("resourceVersion=")) {
        String value = URLDecoder.decode(parameter.substring("resourceVersion=".length()), StandardCharsets.UTF_8);
        try {
          long version = Long.parseLong(value);
          return version > 0 ? version : -1; // "0": any version, as the apiserver reads it
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    return -1;
  }
}
