package io.periscope.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AcceptEncodingTest {
  @ParameterizedTest(name = "[{0}] takes gzip: {1}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "gzip, deflate, br, zstd | true", // Chromium
      "gzip, deflate, br       | true", // Firefox, Safari
      "GZIP;Q=0.5              | true",
      "br;q=1.0, gzip;q=0.8, *;q=0.1 | true",
      "*                       | true",
      "NULL                    | false", // curl, the JDK client
      "''                      | false",
      "identity                | false",
      "br, zstd                | false",
      "gzip;q=0                | false",
      "gzip;q=0.000            | false",
      "*, gzip;q=0             | false", // an explicit refusal wins over the wildcard
      "gzip;q=0, *             | false",
      "*;q=0                   | false",
      "gzip;q=abc              | false", // a malformed weight makes the entry count as absent
      "gzip;q=2                | false",
      "gzip;q=NaN              | false",
      "x-gzip                  | false",
  })
  void readsTheBrowsersHeader(String header, boolean takesGzip) {
    assertThat(AcceptEncoding.allowsGzip(header)).isEqualTo(takesGzip);
  }
}
