package io.periscope.aws.access;

import io.periscope.audit.AuditTrail;
import io.periscope.aws.AwsCalls;
import io.periscope.aws.AwsClients;
import io.periscope.clusters.ClusterSpec;
import io.periscope.problem.Futures;
import io.periscope.problem.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.AccessEntry;
import software.amazon.awssdk.services.eks.model.AssociatedAccessPolicy;

/**
 * A cluster's EKS access entries with the server's own identity: the cluster's authentication
 * mode ({@code DescribeCluster}), every principal ({@code ListAccessEntries}, paged), and per
 * principal its type, username and Kubernetes groups ({@code DescribeAccessEntry}) and access
 * policies with their scope ({@code ListAssociatedAccessPolicies}, paged), a few principals at once. Each call is one audit
 * row ({@code aws_identity_read}, {@code extra.op} as the cluster RBAC doc names them). A refused
 * call is a named problem; what could be read is still answered.
 */
public final class AccessEntries {
  /** One access policy of an entry: {@code scope} {@code cluster} or {@code namespace} (then {@code namespaces}). */
  public record Policy(String policyArn, String scope, List<String> namespaces) {
    public Policy {
      namespaces = List.copyOf(namespaces);
    }
  }

  /**
   * One access entry. {@code type} is EKS's ({@code STANDARD}, {@code EC2_LINUX}, ...); empty
   * username, groups and type when {@code DescribeAccessEntry} was refused (see {@code problems}).
   */
  public record Entry(String principalArn, String type, String username, List<String> kubernetesGroups, List<Policy> policies,
      List<String> problems) {
    public Entry {
      kubernetesGroups = List.copyOf(kubernetesGroups);
      policies = List.copyOf(policies);
      problems = List.copyOf(problems);
    }
  }

  /**
   * @param authenticationMode {@code API}, {@code API_AND_CONFIG_MAP} or {@code CONFIG_MAP}; empty when unknown
   * @param listed whether the entries could be listed at all
   */
  public record Read(Optional<String> authenticationMode, List<Entry> entries, boolean listed, List<String> problems) {
    public Read {
      entries = List.copyOf(entries);
      problems = List.copyOf(problems);
    }
  }

  /** Principals described at once. */
  private static final int CONCURRENT_PRINCIPALS = 4;

  private final AwsClients aws;
  private final AwsCalls calls;

  public AccessEntries(AwsClients aws, AwsCalls calls) {
    this.aws = aws;
    this.calls = calls;
  }

  /** @param audit the row each call is recorded as (its {@code op} and principal added per call) */
  public Read read(ClusterSpec spec, AuditTrail.Action audit) {
    String name = spec.eksName().orElseThrow();
    EksClient eks = aws.eks(Region.of(spec.region().orElseThrow()));
    List<String> problems = new ArrayList<>();
    Optional<String> mode = Optional.empty();
    try {
      var access = calls.call(audit.with(Map.of("op", "describe_cluster")), "eks:DescribeCluster",
          () -> eks.describeCluster(r -> r.name(name)).cluster().accessConfig());
      mode = Optional.ofNullable(access).map(a -> a.authenticationModeAsString()).filter(m -> !m.isBlank());
    } catch (Problem e) {
      problems.add("authentication mode unknown: " + e.getMessage());
    }
    List<String> principals;
    try {
      principals = calls.call(audit.with(Map.of("op", "list_access_entries")), "eks:ListAccessEntries",
          () -> eks.listAccessEntriesPaginator(r -> r.clusterName(name)).accessEntries().stream().toList());
    } catch (Problem e) {
      problems.add("access entries unknown: " + e.getMessage());
      return new Read(mode, List.of(), false, problems);
    }
    return new Read(mode, describeAll(eks, name, principals, audit), true, problems);
  }

  /** Each principal's entry and policies, a few principals at a time (EKS throttles per account), in the listed order. */
  private List<Entry> describeAll(EksClient eks, String cluster, List<String> principals, AuditTrail.Action audit) {
    Semaphore permits = new Semaphore(CONCURRENT_PRINCIPALS);
    List<Future<Entry>> pending = new ArrayList<>();
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (String principal : principals) {
        pending.add(threads.submit(() -> {
          permits.acquire();
          try {
            return entry(eks, cluster, principal, audit);
          } finally {
            permits.release();
          }
        }));
      }
      List<Entry> out = new ArrayList<>();
      for (Future<Entry> f : pending) {
        out.add(Futures.await(f, "reading the access entries"));
      }
      return out;
    }
  }

  private Entry entry(EksClient eks, String cluster, String principal, AuditTrail.Action audit) {
    List<String> problems = new ArrayList<>();
    String type = "";
    String username = "";
    List<String> groups = List.of();
    try {
      AccessEntry e = calls.call(audit.naming(principal).with(Map.of("op", "describe_access_entry", "principal", principal)), "eks:DescribeAccessEntry",
          () -> eks.describeAccessEntry(r -> r.clusterName(cluster).principalArn(principal)).accessEntry());
      type = e.type() == null ? "" : e.type();
      username = e.username() == null ? "" : e.username();
      groups = e.kubernetesGroups();
    } catch (Problem p) {
      problems.add(p.getMessage());
    }
    List<Policy> policies = new ArrayList<>();
    try {
      List<AssociatedAccessPolicy> associated = calls.call(audit.naming(principal).with(Map.of("op", "list_associated_policies", "principal", principal)),
          "eks:ListAssociatedAccessPolicies", () -> eks.listAssociatedAccessPoliciesPaginator(r -> r.clusterName(cluster).principalArn(principal))
              .associatedAccessPolicies().stream().toList());
      for (AssociatedAccessPolicy a : associated) {
        String scope = a.accessScope() == null ? "" : a.accessScope().typeAsString();
        policies.add(new Policy(a.policyArn(), scope == null ? "" : scope, a.accessScope() == null ? List.of() : a.accessScope().namespaces()));
      }
    } catch (Problem p) {
      problems.add(p.getMessage());
    }
    return new Entry(principal, type, username, groups, policies, problems);
  }
}
