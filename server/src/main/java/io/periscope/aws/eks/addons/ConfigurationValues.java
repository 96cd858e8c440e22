package io.periscope.aws.eks.addons;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Checks an add-on's {@code configurationValues} (JSON or YAML, as EKS accepts both) against the
 * JSON schema {@code DescribeAddonConfiguration} publishes for the version, before anything is
 * sent to AWS. Blank values mean "no custom configuration" and are always valid.
 */
public final class ConfigurationValues {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final int MAX_LENGTH = 64 * 1024;

  /** The verdict: {@code errors} is empty exactly when the values may be submitted. */
  public record Verdict(boolean valid, boolean schemaPresent, List<String> errors) {}

  private ConfigurationValues() {}

  /** @param schema the published schema, null when the version publishes none */
  public static Verdict validate(String values, String schema) {
    boolean hasSchema = schema != null && !schema.isBlank();
    if (values == null || values.isBlank()) {
      return new Verdict(true, hasSchema, List.of());
    }
    if (values.length() > MAX_LENGTH) {
      return invalid(hasSchema, "configuration values are " + values.length() + " characters; at most " + MAX_LENGTH + " are accepted");
    }
    JsonNode document;
    try {
      document = YAML.readTree(values); // YAML is a superset of JSON: one parser reads both forms
    } catch (JsonProcessingException e) {
      return invalid(hasSchema, "configuration values are neither JSON nor YAML: " + e.getOriginalMessage());
    }
    if (document == null || !document.isObject()) {
      return invalid(hasSchema, "configuration values must be an object (a JSON object or a YAML mapping)");
    }
    if (!hasSchema) {
      return invalid(false, "this add-on version publishes no configuration schema (DescribeAddonConfiguration), so it takes no"
          + " configuration values; leave them empty");
    }
    JsonSchema compiled;
    try {
      JsonNode schemaNode = JSON.readTree(schema);
      SpecVersion.VersionFlag flag = SpecVersionDetector.detectOptionalVersion(schemaNode, false).orElse(SpecVersion.VersionFlag.V7);
      compiled = JsonSchemaFactory.getInstance(flag).getSchema(schemaNode);
    } catch (JsonProcessingException | RuntimeException e) {
      return invalid(true, "the add-on's published configuration schema cannot be read, so values cannot be checked: " + e.getMessage());
    }
    List<String> errors = new ArrayList<>();
    compiled.validate(document).stream().sorted(Comparator.comparing(ValidationMessage::getMessage))
        .forEach(m -> errors.add(m.getMessage()));
    return new Verdict(errors.isEmpty(), true, errors);
  }

  private static Verdict invalid(boolean schemaPresent, String error) {
    return new Verdict(false, schemaPresent, List.of(error));
  }
}
