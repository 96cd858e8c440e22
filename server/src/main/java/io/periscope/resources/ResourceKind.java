package io.periscope.resources;

import java.util.List;
import java.util.Set;

/**
 * One kind the apiserver serves, as discovery describes it. {@code group} is empty for the core
 * group (spelled {@code core} in Periscope URLs).
 *
 * @param subresources subresource names discovery lists for the kind (e.g. {@code scale}, {@code log})
 * @param preferred whether this is the group's preferred version (the sidebar shows only those)
 */
public record ResourceKind(String group, String version, String kind, String plural, boolean namespaced,
    Set<String> verbs, List<String> shortNames, Set<String> subresources, boolean preferred) {

  public static final String CORE = "core";

  public ResourceKind {
    verbs = Set.copyOf(verbs);
    shortNames = List.copyOf(shortNames);
    subresources = Set.copyOf(subresources);
  }

  /** {@code v1} for core, {@code group/version} otherwise. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** The group as it appears in Periscope URLs. */
  public String urlGroup() {
    return group.isEmpty() ? CORE : group;
  }

  public boolean isCore(String plural) {
    return group.isEmpty() && this.plural.equals(plural);
  }

  public boolean is(String group, String plural) {
    return this.group.equals(group) && this.plural.equals(plural);
  }

  /** Collection path on the apiserver; {@code namespace} null or empty lists across namespaces. */
  public String collectionPath(String namespace) {
    String root = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    return namespaced && namespace != null && !namespace.isEmpty()
        ? root + "/namespaces/" + namespace + "/" + plural
        : root + "/" + plural;
  }

  public String objectPath(String namespace, String name) {
    return collectionPath(namespace) + "/" + name;
  }
}
