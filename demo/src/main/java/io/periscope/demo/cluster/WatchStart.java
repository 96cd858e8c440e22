package io.periscope.demo.cluster;

/** Where a watch request asks to start: its {@code resourceVersion} query parameter. */
final class WatchStart {
  private WatchStart() {}

  /** The decimal resourceVersion a watch path asks to start after; -1 when it names none ("from now") or not a number. */
  static long resourceVersion(String path) {
    int query = path.indexOf('?');
    String asked = query < 0 ? null : DemoLists.query(path.substring(query + 1)).get("resourceVersion");
    if (asked == null) {
      return -1;
    }
    try {
      long version = Long.parseLong(asked);
      return version > 0 ? version : -1; // "0": any version, as the apiserver reads it
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
