package io.periscope.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Says what is wrong with a YAML document (a manifest, the config file, {@code clusters.yaml}) in
 * words for people: the YAML parser's own problem and where it is, never Java type names or the
 * parser's internal events, which Jackson's messages can carry.
 */
public final class YamlProblems {
  private YamlProblems() {}

  public static String describe(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MarkedYAMLException m && m.getProblem() != null && !m.getProblem().isBlank()) {
        Mark at = m.getProblemMark();
        return m.getProblem() + (at == null ? "" : " (line " + (at.getLine() + 1) + ", column " + (at.getColumn() + 1) + ")");
      }
    }
    if (e instanceof JsonProcessingException j && j.getLocation() != null && j.getLocation() != JsonLocation.NA
        && j.getLocation().getLineNr() > 0) {
      return "not valid YAML (line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() + ")";
    }
    return "not valid YAML";
  }
}
