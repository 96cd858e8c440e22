package io.periscope.bench.proc;

import io.periscope.testkit.MockApiServer;

/**
 * The apiserver for the benchmarks in a JVM of its own: fabric8's CRUD mock (the tests' apiserver)
 * with discovery documents, answering every SelfSubjectAccessReview as allowed; with
 * {@code -Dbench.gzip=true} behind {@link GzipFront}, which compresses big answers as a kube-apiserver
 * does. Prints {@code READY url=<master URL>}; exits on EOF.
 */
public final class ApiserverPeer {
  private ApiserverPeer() {}

  private static io.fabric8.mockwebserver.http.MockResponse allowed(io.fabric8.mockwebserver.http.RecordedRequest request) {
    var review = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(request.getUtf8Body(),
        io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview.class);
    review.setStatus(new io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatusBuilder().withAllowed(true).build());
    return new io.fabric8.mockwebserver.http.MockResponse().setResponseCode(201).setHeader("Content-Type", "application/json")
        .setBody(io.fabric8.kubernetes.client.utils.Serialization.asJson(review));
  }

  public static void main(String[] args) throws Exception {
    try (MockApiServer apiserver = new MockApiServer()) {
      apiserver.serveDiscovery();
      // The CRUD mock enforces no RBAC, so every access review is answered as it would be there: allowed
      // (the list cache asks one before serving a person's list from its copy).
      apiserver.answer("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", ApiserverPeer::allowed);
      String url = String.valueOf(apiserver.client().getMasterUrl());
      if (Boolean.getBoolean("bench.gzip")) {
        // Compression as a kube-apiserver applies it, in front of the mock (GzipFront).
        try (var front = new GzipFront(url)) {
          PeerCommands.serve("url=" + front.url(), cmd -> "error=unknown-command");
        }
        return;
      }
      PeerCommands.serve("url=" + url, cmd -> "error=unknown-command");
    } finally {
      System.exit(0); // the mock's event loop threads are not daemons
    }
  }
}
