package io.periscope.http;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.periscope.fuzz.FuzzChecks;
import java.nio.charset.StandardCharsets;

/** Raw query strings as they come off the request line: accepted, or a 400 naming the parameter. */
class StrictQueryFuzzTest {
  @FuzzTest
  void rawQueryStrings(byte[] data) {
    String raw = new String(data, StandardCharsets.ISO_8859_1);
    for (boolean safeMethod : new boolean[] {true, false}) {
      FuzzChecks.onlyClientErrors(raw, () -> StrictQuery.check(raw, safeMethod));
    }
  }
}
