package io.periscope.resources;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.periscope.authz.Principal;
import io.periscope.cache.CallCache;
import io.periscope.k8s.ImpersonatingClients;
import io.periscope.problem.Futures;
import io.periscope.problem.KubernetesErrors;
import io.periscope.problem.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Pre-flight checks: impersonated SelfSubjectAccessReviews, so the UI can disable an action and
 * say why before the person clicks. Answers are cached briefly per person and check; the
 * apiserver stays the authority when the action is actually attempted.
 */
public final class AccessReviews {
  public static final int MAX_BATCH = 100;

  private final ImpersonatingClients clients;
  private final CallCache<Key, Answer> cache;

  /** One question: may I {@code verb} this resource? Empty strings mean "any". */
  public record Check(String verb, String group, String resource, String subresource, String namespace, String name) {
    public Check {
      group = group == null || group.equals(ResourceKind.CORE) ? "" : group;
      subresource = subresource == null ? "" : subresource;
      namespace = namespace == null ? "" : namespace;
      name = name == null ? "" : name;
      if (verb == null || verb.isBlank() || resource == null || resource.isBlank()) {
        throw Problem.badRequest("every check needs a verb and a resource");
      }
    }
  }

  /** The apiserver's answer; {@code reason} is its explanation (or why the check itself failed). */
  public record Answer(boolean allowed, boolean denied, String reason) {}

  /** A check with its answer. */
  public record Result(Check check, Answer answer) {}

  private record Key(String cluster, String subject, List<String> groups, Check check) {}

  public AccessReviews(ImpersonatingClients clients, Duration ttl) {
    this.clients = clients;
    this.cache = new CallCache<>(ttl, 50_000);
  }

  public List<Result> check(String cluster, Principal who, List<Check> checks) {
    requireBatch(checks);
    var client = clients.forUser(cluster, who);
    List<Future<Answer>> futures = new ArrayList<>();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Check c : checks) {
        Key key = new Key(cluster, who.subject(), who.groups(), c);
        futures.add(pool.submit(() -> cache.get(key, k -> review(client, c), "the access review")));
      }
      List<Result> out = new ArrayList<>();
      for (int i = 0; i < checks.size(); i++) {
        out.add(new Result(checks.get(i), Futures.await(futures.get(i), "the access review")));
      }
      return out;
    }
  }

  /** A batch the apiserver is asked about: 1 to {@value #MAX_BATCH} checks, none null; otherwise a 400. */
  public static void requireBatch(List<Check> checks) {
    if (checks == null || checks.isEmpty() || checks.size() > MAX_BATCH) {
      throw Problem.badRequest("send 1 to " + MAX_BATCH + " checks, got " + (checks == null ? 0 : checks.size()));
    }
    for (int i = 0; i < checks.size(); i++) { // not contains(null): an immutable list throws on that question
      if (checks.get(i) == null) {
        throw Problem.badRequest("check " + i + " is null; every check is {verb, resource, ...}");
      }
    }
  }

  private static Answer review(io.fabric8.kubernetes.client.KubernetesClient client, Check c) {
    SelfSubjectAccessReview request = new SelfSubjectAccessReviewBuilder().withNewSpec()
        .withResourceAttributes(new ResourceAttributesBuilder().withVerb(c.verb()).withGroup(c.group()).withResource(c.resource())
            .withSubresource(c.subresource()).withNamespace(c.namespace()).withName(c.name()).build())
        .endSpec().build();
    try {
      var status = client.authorization().v1().selfSubjectAccessReview().create(request).getStatus();
      if (status == null) {
        return new Answer(false, false, "the apiserver returned no review status");
      }
      String reason = status.getReason() != null ? status.getReason() : status.getEvaluationError();
      return new Answer(Boolean.TRUE.equals(status.getAllowed()), Boolean.TRUE.equals(status.getDenied()), reason == null ? "" : reason);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 0 || e.getCode() >= 500) {
        throw e; // cluster trouble is not an answer: do not cache it
      }
      return new Answer(false, false, "access review failed: " + KubernetesErrors.message(e));
    }
  }
}
