package io.periscope.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.periscope.authz.Principal;
import io.periscope.k8s.Apiserver;
import io.periscope.k8s.ImpersonatingClients;
import io.periscope.rbac.WhoCanAnswer.Grant;
import io.periscope.rbac.WhoCanAnswer.Ref;
import io.periscope.rbac.WhoCanAnswer.Subject;
import io.periscope.rbac.WhoCanAnswer.Unreadable;
import io.periscope.rbac.WhoCanAnswer.Unresolved;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers {@link WhoCanQuery} from the RBAC objects, read as the person: ClusterRoleBindings grant
 * everywhere through ClusterRoles; RoleBindings grant in their namespace through a Role there or a
 * ClusterRole. A list the person may not read is reported, not hidden, and makes the answer partial.
 */
public final class WhoCan {
  private static final String RBAC = RbacReads.RBAC;

  private final ImpersonatingClients clients;
  private final RbacReads reads;

  public WhoCan(ImpersonatingClients clients, Apiserver apiserver) {
    this.clients = clients;
    this.reads = new RbacReads(apiserver);
  }

  public WhoCanAnswer ask(String cluster, Principal who, WhoCanQuery q) {
    KubernetesClient client = clients.forUser(cluster, who);
    String scope = q.namespace().isEmpty() ? "" : "/namespaces/" + q.namespace();
    String where = q.namespace().isEmpty() ? " (all namespaces)" : " in namespace " + q.namespace();
    List<Unreadable> unreadable = new ArrayList<>();
    Optional<List<JsonNode>> clusterRoles = read(cluster, client, RBAC + "/clusterroles", "clusterroles", unreadable);
    Optional<List<JsonNode>> clusterBindings = read(cluster, client, RBAC + "/clusterrolebindings", "clusterrolebindings", unreadable);
    Optional<List<JsonNode>> roles = read(cluster, client, RBAC + scope + "/roles", "roles" + where, unreadable);
    Optional<List<JsonNode>> bindings = read(cluster, client, RBAC + scope + "/rolebindings", "rolebindings" + where, unreadable);

    Map<Ref, List<RbacRule>> roleRules = new LinkedHashMap<>();
    clusterRoles.orElse(List.of()).forEach(r -> roleRules.put(ref("ClusterRole", r, false), RbacRule.of(r)));
    roles.orElse(List.of()).forEach(r -> roleRules.put(ref("Role", r, true), RbacRule.of(r)));

    var grants = new Grants(q, roleRules, clusterRoles.isPresent(), roles.isPresent());
    clusterBindings.orElse(List.of()).forEach(b -> grants.add(b, "ClusterRoleBinding", "cluster"));
    bindings.orElse(List.of()).forEach(b -> grants.add(b, "RoleBinding", b.path("metadata").path("namespace").asText()));
    boolean complete = unreadable.isEmpty() && grants.unresolved.isEmpty();
    return new WhoCanAnswer(cluster, q, grants.subjects(), complete, unreadable, grants.unresolved);
  }

  private Optional<List<JsonNode>> read(String cluster, KubernetesClient client, String path, String what, List<Unreadable> unreadable) {
    return reads.list(cluster, client, path, what, unreadable);
  }

  private static Ref ref(String kind, JsonNode o, boolean namespaced) {
    return new Ref(kind, namespaced ? o.path("metadata").path("namespace").asText() : "", o.path("metadata").path("name").asText());
  }

  /** Collects grants per subject while walking bindings. */
  private static final class Grants {
    private record Key(String kind, String name, String namespace) {}

    private final WhoCanQuery q;
    private final Map<Ref, List<RbacRule>> roleRules;
    private final boolean clusterRolesRead;
    private final boolean rolesRead;
    private final Map<Key, List<Grant>> bySubject = new LinkedHashMap<>();
    private final List<Unresolved> unresolved = new ArrayList<>();

    Grants(WhoCanQuery q, Map<Ref, List<RbacRule>> roleRules, boolean clusterRolesRead, boolean rolesRead) {
      this.q = q;
      this.roleRules = roleRules;
      this.clusterRolesRead = clusterRolesRead;
      this.rolesRead = rolesRead;
    }

    void add(JsonNode binding, String bindingKind, String scope) {
      String ns = binding.path("metadata").path("namespace").asText();
      Ref bindingRef = new Ref(bindingKind, bindingKind.equals("RoleBinding") ? ns : "", binding.path("metadata").path("name").asText());
      JsonNode roleRef = binding.path("roleRef");
      String roleKind = roleRef.path("kind").asText();
      Ref role = new Ref(roleKind, roleKind.equals("Role") ? ns : "", roleRef.path("name").asText());
      List<RbacRule> rules = roleRules.get(role);
      if (rules == null) {
        boolean couldRead = roleKind.equals("Role") ? rolesRead : clusterRolesRead;
        unresolved.add(new Unresolved(bindingRef, role, couldRead ? roleKind + " " + role.name() + " does not exist"
            : roleKind + "s could not be read"));
        return;
      }
      List<String> names = new ArrayList<>();
      boolean any = false;
      boolean anyName = false;
      for (RbacRule rule : rules) {
        if (rule.allows(q.verb(), q.group(), q.resource())) {
          any = true;
          anyName |= rule.resourceNames().isEmpty();
          rule.resourceNames().stream().filter(n -> !names.contains(n)).forEach(names::add);
        }
      }
      if (!any) {
        return;
      }
      Grant grant = new Grant(scope, bindingRef, role, anyName ? List.of() : List.copyOf(names));
      for (JsonNode s : binding.path("subjects")) {
        String kind = s.path("kind").asText();
        String subjectNs = kind.equals("ServiceAccount") ? s.path("namespace").asText(ns) : "";
        bySubject.computeIfAbsent(new Key(kind, s.path("name").asText(), subjectNs), k -> new ArrayList<>()).add(grant);
      }
    }

    List<Subject> subjects() {
      return bySubject.entrySet().stream()
          .map(e -> new Subject(e.getKey().kind(), e.getKey().name(), e.getKey().namespace(), List.copyOf(e.getValue())))
          .sorted(Comparator.comparing(Subject::kind).thenComparing(Subject::namespace).thenComparing(Subject::name))
          .toList();
    }
  }
}
