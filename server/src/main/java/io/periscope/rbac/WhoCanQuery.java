package io.periscope.rbac;

import io.periscope.names.KubernetesNames;
import io.periscope.problem.Problem;
import java.util.regex.Pattern;

/**
 * The question "who can {@code verb} {@code resource} in API group {@code group} (in {@code namespace})?".
 * Validated completely here, so a bad question is a 400 before any apiserver read.
 *
 * @param resource a plural resource, optionally with a subresource ({@code pods/log})
 * @param group the API group; empty for the core group
 * @param namespace empty: every namespace (cluster-wide grants and each namespace's own)
 */
public record WhoCanQuery(String verb, String group, String resource, String namespace) {
  private static final Pattern VERB = Pattern.compile("[a-z]{1,40}|\\*");
  private static final Pattern RESOURCE = Pattern.compile("[a-z0-9][a-z0-9.-]{0,62}(/[a-z]{1,40})?");

  public WhoCanQuery {
    verb = verb == null ? "" : verb.strip();
    group = group == null || group.equals("core") ? "" : group.strip();
    resource = resource == null ? "" : resource.strip();
    namespace = namespace == null ? "" : namespace.strip();
    if (!VERB.matcher(verb).matches()) {
      throw Problem.badRequest("verb must be a Kubernetes verb such as get, list, create or delete; got '" + verb + "'");
    }
    if (!RESOURCE.matcher(resource).matches()) {
      throw Problem.badRequest("resource must be a plural resource name, optionally with a subresource (pods, pods/log); got '"
          + resource + "'");
    }
    if (!group.isEmpty() && !KubernetesNames.isDnsSubdomain(group)) {
      throw Problem.badRequest("group must be an API group such as apps or rbac.authorization.k8s.io (empty or core for the core group); got '"
          + group + "'");
    }
    if (!namespace.isEmpty() && !KubernetesNames.isDnsLabel(namespace)) {
      throw Problem.badRequest("namespace must be a DNS-1123 label; got '" + namespace + "'");
    }
  }
}
