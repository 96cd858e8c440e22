package io.periscope.resources;

import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;
import java.util.List;

/** Server-side apply refused because other field managers own fields; retry with {@code force=true}. */
public final class ApplyConflictException extends Problem {
  /** One conflicting field and the manager that owns it. */
  public record Conflict(String field, String manager, String message) {}

  private final List<Conflict> conflicts;

  public ApplyConflictException(String message, List<Conflict> conflicts) {
    super(ErrorCode.APPLY_CONFLICT, message);
    this.conflicts = List.copyOf(conflicts);
  }

  public List<Conflict> conflicts() {
    return conflicts;
  }
}
