package io.periscope.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.periscope.problem.Problem;
import java.io.IOException;
import java.util.Collection;

/**
 * Says what is wrong with a JSON document in words for people: the field and the kind of
 * problem, never Java type names or parser internals.
 */
public final class JsonProblems {
  private JsonProblems() {}

  public static String describe(IOException e) {
    if (e instanceof ValueInstantiationException v && v.getCause() instanceof Problem refusal) {
      return refusal.getMessage();
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof com.fasterxml.jackson.core.exc.StreamReadException syntax) {
        JsonLocation at = syntax.getLocation();
        return at == null || at == JsonLocation.NA ? "not valid JSON"
            : "not valid JSON (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
      }
    }
    if (e instanceof UnrecognizedPropertyException u) {
      return "unknown field '" + path(u) + "'";
    }
    if (e instanceof MismatchedInputException m) {
      String where = path(m);
      if (where.isEmpty()) {
        Class<?> target = m.getTargetType();
        boolean array = target != null && (target.isArray() || Collection.class.isAssignableFrom(target));
        return "expected a JSON " + (array ? "array" : "object");
      }
      return "field '" + where + "' is missing or has the wrong type";
    }
    if (e instanceof JsonMappingException j && !path(j).isEmpty()) {
      return "field '" + path(j) + "' is not valid";
    }
    return "not valid JSON";
  }

  /** {@code checks[0].verb} style. */
  private static String path(JsonMappingException e) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        b.append(b.isEmpty() ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.toString();
  }
}
