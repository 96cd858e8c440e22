package io.periscope.resources;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.periscope.fuzz.FuzzChecks;
import java.util.List;
import java.util.Set;

/**
 * Manifests as a person pastes them (create, apply, dry run): parsed and checked against the
 * URL's kind, namespace and name, or refused with a 4xx naming the problem.
 */
class ManifestsFuzzTest {
  private static final ResourceKind DEPLOYMENT = new ResourceKind("apps", "v1", "Deployment", "deployments", true,
      Set.of("get", "list", "create", "patch", "delete"), List.of("deploy"), Set.of("scale"), true);
  private static final ResourceKind NAMESPACE = new ResourceKind("", "v1", "Namespace", "namespaces", false,
      Set.of("get", "list", "create", "patch", "delete"), List.of("ns"), Set.of(), true);

  @FuzzTest
  void manifests(byte[] data) {
    String text = FuzzChecks.text(data);
    FuzzChecks.onlyClientErrors(text, () -> {
      ObjectNode parsed = Manifests.parse(text);
      Manifests.namespaceOf(parsed);
      for (ResourceKind kind : List.of(DEPLOYMENT, NAMESPACE)) {
        for (String urlNamespace : List.of("", "shop")) {
          FuzzChecks.onlyClientErrors(text, () -> Manifests.requireKind(parsed.deepCopy(), kind, urlNamespace));
        }
      }
      FuzzChecks.onlyClientErrors(text, () ->
          Manifests.requireObject(parsed.deepCopy(), new ObjectAddress("test", DEPLOYMENT, "shop", "web")));
      FuzzChecks.onlyClientErrors(text, () ->
          Manifests.requireObject(parsed.deepCopy(), new ObjectAddress("test", NAMESPACE, "_", "shop")));
    });
  }
}
