package io.periscope.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ListVersionTest {
  private static InputStream json(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"4711\"},\"items\":[]}      | 4711",
      "{\"items\":[{\"metadata\":{\"resourceVersion\":\"1\"}}],\"metadata\":{\"continue\":\"x\",\"resourceVersion\":\"99\"}} | 99",
      "{\"kind\":\"List\",\"items\":[]}                                                                             | ''",
      "{\"metadata\":{\"resourceVersion\":7}}                                                                     | ''",
  })
  void findsTheListsOwnVersionNotAnItems(String body, String expected) throws IOException {
    assertThat(ListVersion.read(json(body))).isEqualTo(expected);
  }

  @Test
  void stopsReadingOnceTheVersionIsFound() throws IOException {
    InputStream endless = new InputStream() {
      @Override
      public int read() {
        throw new AssertionError("read past the list's metadata");
      }
    };
    var head = json("{\"kind\":\"ConfigMapList\",\"metadata\":{\"resourceVersion\":\"12\"},\"items\":[" + " ".repeat(64 * 1024));
    assertThat(ListVersion.read(new SequenceInputStream(head, endless))).isEqualTo("12");
  }

  @Test
  void aNonObjectIsAClearError() {
    assertThatThrownBy(() -> ListVersion.read(json("[1,2]"))).isInstanceOf(IOException.class).hasMessageContaining("JSON object");
  }
}
