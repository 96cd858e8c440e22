package io.periscope.resources;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.periscope.fuzz.FuzzChecks;

/**
 * {@code ?namespace=}, {@code ?labelSelector=} and {@code ?fieldSelector=} as decoded from the
 * query string: accepted or a 400 before any apiserver call, for any text in any of them.
 */
class ListQueryFuzzTest {
  @FuzzTest
  void selectors(byte[] data) {
    String s = FuzzChecks.text(data);
    FuzzChecks.onlyClientErrors(s, () -> new ListQuery(s, null, null, null, null));
    FuzzChecks.onlyClientErrors(s, () -> new ListQuery(null, s, null, null, null));
    FuzzChecks.onlyClientErrors(s, () -> new ListQuery(null, null, s, 500, s).apiserverParams());
    // A line per field, as the list route passes them on together.
    String[] f = s.split("\n", 4);
    FuzzChecks.onlyClientErrors(s, () -> new ListQuery(f[0], f.length > 1 ? f[1] : null, f.length > 2 ? f[2] : null, null,
        f.length > 3 ? f[3] : null));
  }
}
