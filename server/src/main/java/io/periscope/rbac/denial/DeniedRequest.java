package io.periscope.rbac.denial;

import io.fabric8.kubernetes.api.model.Status;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The request an apiserver refused, as its Forbidden Status states it. The apiserver writes the
 * message from the authorizer's attributes ({@code User "u" cannot get resource "pods/log" in API
 * group "" in the namespace "shop"}, or {@code ... cannot get path "/metrics"}) and puts the group,
 * resource and name into {@code details}; both are read, so any authorizer's refusal (RBAC,
 * webhook) is understood.
 *
 * @param user the user name the apiserver saw (the impersonated one)
 * @param apiGroup {@code ""} for the core group
 * @param subresource {@code ""} when none
 * @param namespace {@code ""} for a cluster-wide request (cluster-scoped kind, or a namespaced kind across all namespaces)
 * @param name {@code ""} when the request named no object (list, watch, create)
 * @param path the URL path of a non-resource request ({@code ""} for resource requests)
 */
public record DeniedRequest(String user, String verb, String apiGroup, String resource, String subresource, String namespace,
    String name, String path) {
  private static final String QUOTED = "\"((?:[^\"\\\\]|\\\\.)*)\"";
  private static final Pattern RESOURCE = Pattern.compile("User " + QUOTED + " cannot ([a-z]+) resource " + QUOTED + " in API group "
      + QUOTED + "(?: in the namespace " + QUOTED + "| at the cluster scope)");
  private static final Pattern NON_RESOURCE = Pattern.compile("User " + QUOTED + " cannot ([a-z]+) path " + QUOTED);
  /** {@code pods "web-0" is forbidden: ...}: the name, when the request had one. */
  private static final Pattern NAMED = Pattern.compile("^\\S+ " + QUOTED + " is forbidden: ");

  public boolean nonResource() {
    return !path.isEmpty();
  }

  /** {@code pods/log}, or the resource alone. */
  public String fullResource() {
    return subresource.isEmpty() ? resource : resource + "/" + subresource;
  }

  /** Cluster-wide: a non-resource request, or one with no namespace; granted by a ClusterRole and ClusterRoleBinding. */
  public boolean clusterWide() {
    return namespace.isEmpty();
  }

  /** The refused request, or empty when the Status is not an apiserver authorization refusal in the known shape. */
  public static Optional<DeniedRequest> of(Status status) {
    if (status == null || status.getMessage() == null) {
      return Optional.empty();
    }
    String message = status.getMessage();
    Matcher r = RESOURCE.matcher(message);
    if (r.find()) {
      String[] resource = unquote(r.group(3)).split("/", 2);
      String name = status.getDetails() != null && status.getDetails().getName() != null ? status.getDetails().getName() : named(message);
      return Optional.of(new DeniedRequest(unquote(r.group(1)), r.group(2), unquote(r.group(4)), resource[0],
          resource.length > 1 ? resource[1] : "", r.group(5) == null ? "" : unquote(r.group(5)), name, ""));
    }
    Matcher n = NON_RESOURCE.matcher(message);
    if (n.find() && !unquote(n.group(3)).isEmpty()) {
      return Optional.of(new DeniedRequest(unquote(n.group(1)), n.group(2), "", "", "", "", "", unquote(n.group(3))));
    }
    return Optional.empty();
  }

  private static String named(String message) {
    Matcher m = NAMED.matcher(message);
    return m.find() ? unquote(m.group(1)) : "";
  }

  /** Undoes Go's {@code %q} for the characters it escapes in names ({@code \"} and {@code \\}). */
  private static String unquote(String quoted) {
    return quoted.replaceAll("\\\\(.)", "$1");
  }
}
