package io.periscope.resources;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** A structural diff of two JSON trees as a list of changed paths (dry-run previews). */
public final class JsonDiff {
  /** One change; {@code before} is null for {@code add}, {@code after} null for {@code remove}. */
  public record Change(String path, String op, JsonNode before, JsonNode after) {}

  private JsonDiff() {}

  public static List<Change> diff(JsonNode before, JsonNode after) {
    List<Change> out = new ArrayList<>();
    walk("", before, after, out);
    return out;
  }

  private static void walk(String path, JsonNode a, JsonNode b, List<Change> out) {
    boolean aMissing = a == null || a.isMissingNode() || a.isNull();
    boolean bMissing = b == null || b.isMissingNode() || b.isNull();
    if (aMissing && bMissing) {
      return;
    }
    if (aMissing) {
      out.add(new Change(path.isEmpty() ? "/" : path, "add", null, b));
    } else if (bMissing) {
      out.add(new Change(path.isEmpty() ? "/" : path, "remove", a, null));
    } else if (a.isObject() && b.isObject()) {
      Set<String> keys = new TreeSet<>();
      a.fieldNames().forEachRemaining(keys::add);
      b.fieldNames().forEachRemaining(keys::add);
      for (String k : keys) {
        walk(path + "/" + k.replace("~", "~0").replace("/", "~1"), a.get(k), b.get(k), out);
      }
    } else if (!a.equals(b)) {
      out.add(new Change(path.isEmpty() ? "/" : path, "replace", a, b));
    }
  }
}
