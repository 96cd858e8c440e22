package io.periscope.resources;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.KubernetesErrors;
import io.periscope.problem.Problem;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a 409 from server-side apply means. Two refusals share the status and the reason
 * {@code Conflict} but want opposite answers from the person: fields that other managers own
 * (causes of reason {@code FieldManagerConflict}; {@code force=true} takes them over), and a
 * manifest whose {@code metadata.resourceVersion} is no longer the live one (the object was written
 * since it was read; force does not lift a precondition, only a fresh read does). Offering Force
 * apply for the second left the console retrying the same 409 for ever.
 */
final class ApplyRefusals {
  /** A StatusCause's reason for a field owned by another manager (its {@code type} in Go, {@code reason} on the wire). */
  static final String FIELD_MANAGER_CONFLICT = "FieldManagerConflict";
  private static final Pattern MANAGER = Pattern.compile("conflict with \"([^\"]+)\"");

  private ApplyRefusals() {}

  /**
   * The Problem for an apply's 409, or null when it is neither refusal (an {@code AlreadyExists}
   * race, say): that one goes out as the apiserver's own error.
   *
   * @param edited the resourceVersion the manifest carries ("" when none)
   * @param live reads the object's resourceVersion now (null when it cannot); only called for a stale one
   */
  static Problem of(KubernetesClientException e, ObjectAddress a, String edited, Supplier<String> live) {
    List<StatusCause> fieldConflicts = causes(e.getStatus()).stream().filter(c -> FIELD_MANAGER_CONFLICT.equals(c.getReason())).toList();
    if (!fieldConflicts.isEmpty()) {
      return fieldConflict(e, fieldConflicts);
    }
    // A stale read is only what a manifest carrying a resourceVersion can meet; another Conflict is the apiserver's own word.
    if (e.getStatus() != null && "Conflict".equals(e.getStatus().getReason()) && !edited.isEmpty()) {
      return objectChanged(e, a, edited, live.get());
    }
    return null;
  }

  private static ApplyConflictException fieldConflict(KubernetesClientException e, List<StatusCause> causes) {
    List<ApplyConflictException.Conflict> out = causes.stream().map(c -> {
      Matcher m = MANAGER.matcher(c.getMessage() == null ? "" : c.getMessage());
      return new ApplyConflictException.Conflict(c.getField(), m.find() ? m.group(1) : "", c.getMessage());
    }).toList();
    return new ApplyConflictException("apply conflicts with fields owned by other managers; review them and retry with force=true ("
        + KubernetesErrors.message(e) + ")", out);
  }

  private static Problem objectChanged(KubernetesClientException e, ObjectAddress a, String edited, String live) {
    String what = a.kind().kind() + " " + (a.namespace().isEmpty() ? "" : a.namespace() + "/") + a.name();
    String versions = edited.isEmpty() ? "" : live == null || live.isEmpty()
        ? " (the edit carries resourceVersion " + edited + ")"
        : " (the edit carries resourceVersion " + edited + ", the live object is at " + live + ")";
    return new Problem(ErrorCode.OBJECT_CHANGED, what + " changed since it was read" + versions
        + "; nothing was applied. Reload it and apply the edit again; force=true does not help (apiserver: "
        + KubernetesErrors.message(e) + ")", e);
  }

  private static List<StatusCause> causes(Status s) {
    return s == null || s.getDetails() == null || s.getDetails().getCauses() == null ? List.of() : s.getDetails().getCauses();
  }
}
