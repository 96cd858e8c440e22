package io.periscope.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.periscope.json.Yaml;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChartFieldsTest {
  private static JsonNode yaml(String text) throws Exception {
    return Yaml.mapper().readTree(text);
  }

  private static List<String> paths(String chart, String live) throws Exception {
    return ChartFields.differences(yaml(chart), yaml(live)).stream()
        .map(d -> d.path() + ": " + d.chart() + " -> " + (d.live() == null ? "absent" : d.live().toString())).toList();
  }

  @Test
  void onlyWhatTheChartSetsIsCompared_namedItemsByName_quantitiesByAmount() throws Exception {
    String chart = """
        metadata:
          name: web
          labels: {app.kubernetes.io/name: web}
          annotations: {}
        spec:
          replicas: 2
          template:
            spec:
              containers:
                - name: web
                  image: nginx:1.27
                  ports: [{containerPort: "8080"}]
                  resources: {requests: {cpu: 1000m, memory: 1024Mi}, limits: {}}
                  env: [{name: MODE, value: prod}, {name: TZ, value: UTC}]
        """;
    String live = """
        metadata:
          name: web
          labels: {app.kubernetes.io/name: web, app.kubernetes.io/managed-by: Helm}
          annotations: {deployment.kubernetes.io/revision: "4"}
        spec:
          replicas: 2
          progressDeadlineSeconds: 600
          template:
            spec:
              containers:
                - name: sidecar
                  image: envoy
                - name: web
                  image: nginx:1.27
                  imagePullPolicy: IfNotPresent
                  ports: [{containerPort: 8080, protocol: TCP}]
                  resources: {requests: {cpu: "1", memory: 1Gi}}
                  env: [{name: TZ, value: UTC}, {name: MODE, value: prod}]
        """;
    assertThat(paths(chart, live)).isEmpty();
  }

  @Test
  void aChangedValueAMissingFieldAnItemGoneAndAListOfAnotherLengthAreEachNamedByPath() throws Exception {
    String chart = """
        metadata:
          annotations: {prometheus.io/scrape: "true"}
        data: {LOG: info}
        spec:
          replicas: 2
          containers:
            - name: web
              image: nginx:1.27
              resources: {limits: {memory: 512Mi}}
            - name: proxy
              image: envoy:1.30
          args: [--port, "80"]
        """;
    String live = """
        metadata: {}
        data: {LOG: debug}
        spec:
          replicas: 5
          containers:
            - name: web
              image: nginx:1.28
              resources: {limits: {memory: 1Gi}}
          args: [--port, "80", --debug]
        """;
    assertThat(paths(chart, live)).containsExactly(
        "metadata.annotations.'prometheus.io/scrape': \"true\" -> absent",
        "data.LOG: \"info\" -> \"debug\"",
        "spec.replicas: 2 -> 5",
        "spec.containers[name=web].image: \"nginx:1.27\" -> \"nginx:1.28\"",
        "spec.containers[name=web].resources.limits.memory: \"512Mi\" -> \"1Gi\"",
        "spec.containers[name=proxy]: {\"name\":\"proxy\",\"image\":\"envoy:1.30\"} -> absent",
        "spec.args: [\"--port\",\"80\"] -> [\"--port\",\"80\",\"--debug\"]");
  }

  @Test
  void anImageTagIsNotAQuantity_andTheNumberOfDifferencesIsBounded() throws Exception {
    assertThat(paths("image: {tag: \"1.10\"}", "image: {tag: \"1.1\"}")).containsExactly("image.tag: \"1.10\" -> \"1.1\"");
    StringBuilder chart = new StringBuilder("data:\n");
    for (int i = 0; i < 80; i++) {
      chart.append("  k").append(i).append(": v\n");
    }
    assertThat(ChartFields.differences(yaml(chart.toString()), yaml("data: {}"))).hasSize(ChartFields.MAX_DIFFERENCES);
  }

  /** What an apiserver stores of a rendered chart: unset values filled with defaults, empty strings, false and 0 dropped. */
  @Test
  void anUnsetValueOrAZeroValueTheApiserverDropsIsNotAChange_aZeroValueSetOtherwiseIs() throws Exception {
    String chart = """
        metadata: {name: web, creationTimestamp: null}
        spec:
          hostNetwork: false
          containers:
            - name: app
              imagePullPolicy: null
              env: [{name: PROXY, value: ""}]
              volumeMounts: [{name: c, mountPath: /c, readOnly: false}]
              readinessProbe: {initialDelaySeconds: 0, periodSeconds: 5}
          replicas: 0
        """;
    String live = """
        metadata: {name: web, creationTimestamp: "2024-01-01T00:00:00Z"}
        spec:
          containers:
            - name: app
              imagePullPolicy: IfNotPresent
              env: [{name: PROXY}]
              volumeMounts: [{name: c, mountPath: /c}]
              readinessProbe: {periodSeconds: 5, timeoutSeconds: 1}
          replicas: 3
        """;
    assertThat(paths(chart, live)).as("a zero value still differs from another value").containsExactly("spec.replicas: 0 -> 3");
  }

  /** Pointer switches are stored even when false, and absent means true: a false that went was taken out by hand. */
  @Test
  void aSecurityFalseRemovedByHandIsAChange() throws Exception {
    String chart = """
        spec:
          automountServiceAccountToken: false
          containers:
            - name: app
              securityContext: {allowPrivilegeEscalation: false, privileged: false}
        """;
    String live = """
        spec:
          containers:
            - name: app
              securityContext: {}
        """;
    assertThat(paths(chart, live)).containsExactly("spec.automountServiceAccountToken: false -> absent",
        "spec.containers[name=app].securityContext.allowPrivilegeEscalation: false -> absent");
  }
}
