package io.periscope.resources;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streaming filter on the three shapes an apiserver sends: one object, a list, and a Table
 * with full objects ({@code includeObject=Object}); the CRUD mock never answers with a Table.
 */
class SecretRedactionTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "{\"kind\":\"Secret\",\"metadata\":{\"name\":\"s\"},\"data\":{\"k\":\"c2VjcmV0\"},\"stringData\":{\"p\":\"secret\"},\"type\":\"Opaque\"}",
      "{\"kind\":\"SecretList\",\"metadata\":{},\"items\":[{\"metadata\":{\"name\":\"s\"},\"data\":{\"k\":\"c2VjcmV0\"},\"type\":\"Opaque\"},"
          + "{\"metadata\":{\"name\":\"t\"},\"stringData\":{\"p\":\"secret\"}}]}",
      "{\"kind\":\"Table\",\"columnDefinitions\":[{\"name\":\"Name\"}],\"rows\":[{\"cells\":[\"s\"],\"object\":{\"kind\":\"Secret\","
          + "\"metadata\":{\"name\":\"s\"},\"data\":{\"k\":\"c2VjcmV0\"},\"type\":\"Opaque\"}}]}"})
  void removesValuesAndKeepsEverythingElse(String json) throws Exception {
    var out = new ByteArrayOutputStream();

    SecretRedaction.copy(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), out);

    String result = out.toString(StandardCharsets.UTF_8);
    assertThat(result).doesNotContain("c2VjcmV0").doesNotContain("secret\"").doesNotContain("\"data\"").doesNotContain("stringData");
    assertThat(result).contains("\"name\":\"s\"");
    assertThat(ResourceFixtures.json(result).get("kind")).isEqualTo(ResourceFixtures.json(json).get("kind"));
  }
}
