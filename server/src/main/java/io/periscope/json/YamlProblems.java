package io.periscope.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Says what is wrong with a YAML document (a manifest, the config file, {@code clusters.yaml}) in
 * words for people: the YAML parser's own problem and where it is, never Java type names or the
 * parser's internal events, which Jackson's messages can carry.
 */
public final class YamlProblems {
  /** Jackson's message for a key written twice (with {@code STRICT_DUPLICATE_DETECTION}); the key is the person's own text. */
  private static final Pattern DUPLICATE_FIELD = Pattern.compile("Duplicate field '(.*)'", Pattern.DOTALL);

  private YamlProblems() {}

  private static String where(JsonProcessingException j) {
    JsonLocation at = j.getLocation();
    return at == null || at == JsonLocation.NA || at.getLineNr() <= 0 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
  }

  public static String describe(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MarkedYAMLException m && m.getProblem() != null && !m.getProblem().isBlank()) {
        Mark at = m.getProblemMark();
        return m.getProblem() + (at == null ? "" : " (line " + (at.getLine() + 1) + ", column " + (at.getColumn() + 1) + ")");
      }
    }
    if (e instanceof JsonProcessingException j && j.getOriginalMessage() != null) {
      Matcher duplicate = DUPLICATE_FIELD.matcher(j.getOriginalMessage());
      if (duplicate.matches()) {
        return "the key '" + duplicate.group(1) + "' appears twice in the same mapping" + where(j);
      }
    }
    if (e instanceof JsonProcessingException j && j.getLocation() != null && j.getLocation() != JsonLocation.NA
        && j.getLocation().getLineNr() > 0) {
      return "not valid YAML (line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() + ")";
    }
    return "not valid YAML";
  }
}
