package io.periscope.agent.ca;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.periscope.fuzz.FuzzChecks;

/**
 * The CSR of {@code Register}, the one tunnel method that needs no client certificate: anyone who
 * reaches the tunnel port can send these bytes, and they are parsed before the token is checked.
 * They yield a strong, self-signed key or an {@link IllegalArgumentException} saying why not.
 */
class CsrsFuzzTest {
  @FuzzTest
  void csrs(byte[] der) {
    FuzzChecks.onlyRefusals(null, IllegalArgumentException.class, () -> Csrs.verifiedKey(der));
  }
}
