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

  /** {@code kubectl apply} keeps the applied Secret, values and all, in an annotation. */
  private static final String APPLIED = "\"annotations\":{\"owner\":\"team-a\",\"kubectl.kubernetes.io/last-applied-configuration\":"
      + "\"{\\\"apiVersion\\\":\\\"v1\\\",\\\"data\\\":{\\\"k\\\":\\\"c2VjcmV0\\\"},\\\"kind\\\":\\\"Secret\\\"}\\n\"}";

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"kind\":\"Secret\",\"metadata\":{\"name\":\"s\"," + APPLIED + "},\"type\":\"Opaque\"}",
      "{\"kind\":\"SecretList\",\"metadata\":{},\"items\":[{\"metadata\":{\"name\":\"s\"," + APPLIED + "}}]}",
      "{\"kind\":\"Table\",\"rows\":[{\"cells\":[\"s\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"metadata\":{\"name\":\"s\"," + APPLIED + "}}}]}"})
  void removesTheCopyOfTheValuesKubectlApplyKeptAndNoOtherAnnotation(String json) throws Exception {
    var out = new ByteArrayOutputStream();

    SecretRedaction.copy(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), out);

    String result = out.toString(StandardCharsets.UTF_8);
    assertThat(result).doesNotContain("c2VjcmV0").doesNotContain("last-applied-configuration").contains("\"annotations\":{\"owner\":\"team-a\"}");
    var tree = ResourceFixtures.json(json);
    SecretRedaction.redact(tree.has("items") ? tree.get("items").get(0) : tree.has("rows") ? tree.at("/rows/0/object") : tree);
    assertThat(tree.toString()).as("the same on a parsed object").doesNotContain("c2VjcmV0").contains("\"owner\":\"team-a\"");
  }
}
