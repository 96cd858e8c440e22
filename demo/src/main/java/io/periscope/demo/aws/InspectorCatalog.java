package io.periscope.demo.aws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the demo account's Inspector has found, as in the original's demo: four vulnerable images
 * of the production cluster (one with more than a hundred findings in Go's standard library), a
 * clean scanned image, one Inspector cannot scan, and a kernel finding on one node. CVE ids are
 * real where a well-known advisory fits the package; the long stdlib tail is made up.
 */
final class InspectorCatalog {
  /** The production cluster's ECR registry (account 123456789012, us-east-1). */
  static final String ECR = "123456789012.dkr.ecr.us-east-1.amazonaws.com/";
  static final String PAYMENTS_API = ECR + "example/payments-api:2.14.1";
  static final String LEDGER_WORKER = ECR + "example/ledger-worker:1.8.0";
  static final String CHECKOUT_WEB = ECR + "example/checkout-web:5.2.0";
  static final String DEPLOY_BOT = ECR + "example/deploy-bot:4.2.0";
  static final String CART_SERVICE = ECR + "example/cart-service:0.9.4";
  static final String NIGHTLY_REPORT = ECR + "example/nightly-report:1.0.3";
  private static final Instant SEEN = Instant.parse("2026-11-20T06:12:00Z");

  /** One vulnerable package on an image (instanceId null) or an EC2 instance (image null). */
  record Vulnerability(String id, String severity, double score, boolean exploit, String image, String instanceId, String platform,
      String pkg, String packageManager, String version, String fixedIn, Instant firstObserved) {}

  /** A resource in Inspector's coverage. */
  record Covered(String image, String instanceId, boolean active, String reason, Instant scannedAt) {}

  private final List<Vulnerability> findings = new ArrayList<>();
  private final List<Covered> coverage = new ArrayList<>();

  /** @param instanceIds the production nodes' instance ids; the first runs an old kernel */
  InspectorCatalog(List<String> instanceIds) {
    // payments-api: a Go service built with go1.16.1 (116 standard library CVEs), an old x/net, Debian 12 base.
    String[][] stdlibFixes = {{"1.26.3", "CRITICAL"}, {"1.25.9, 1.26.2", "HIGH"}, {"1.19.4", "MEDIUM"}, {"1.21.5", "MEDIUM"}};
    for (int i = 0; i < 116; i++) {
      String[] fix = stdlibFixes[i % stdlibFixes.length];
      String severity = i < 3 ? "CRITICAL" : i < 21 ? "HIGH" : i < 100 ? "MEDIUM" : "LOW";
      image("CVE-" + (2021 + i % 5) + "-" + (30000 + i * 37), severity, i == 0, PAYMENTS_API, "DEBIAN_12", "stdlib", "GOBINARY", "1.16.1",
          i < 3 ? "1.26.3" : fix[0]);
    }
    image("CVE-2023-44487", "HIGH", true, PAYMENTS_API, "DEBIAN_12", "golang.org/x/net", "GOMOD", "v0.7.0", "v0.17.0");
    image("CVE-2023-45288", "MEDIUM", false, PAYMENTS_API, "DEBIAN_12", "golang.org/x/net", "GOMOD", "v0.7.0", "v0.23.0");
    image("CVE-2024-2961", "HIGH", true, PAYMENTS_API, "DEBIAN_12", "glibc", "OS", "2.36-9+deb12u4", "2.36-9+deb12u7");
    image("CVE-2024-33599", "HIGH", false, PAYMENTS_API, "DEBIAN_12", "glibc", "OS", "2.36-9+deb12u4", "2.36-9+deb12u10");
    // ledger-worker: Log4Shell and friends, an old jackson-databind.
    image("CVE-2021-44228", "CRITICAL", true, LEDGER_WORKER, "AMAZON_LINUX_2023", "org.apache.logging.log4j:log4j-core", "JAR", "2.14.1",
        "2.15.0");
    image("CVE-2021-45046", "CRITICAL", true, LEDGER_WORKER, "AMAZON_LINUX_2023", "org.apache.logging.log4j:log4j-core", "JAR", "2.14.1",
        "2.16.0");
    image("CVE-2021-45105", "MEDIUM", false, LEDGER_WORKER, "AMAZON_LINUX_2023", "org.apache.logging.log4j:log4j-core", "JAR", "2.14.1",
        "2.17.0");
    image("CVE-2021-44832", "MEDIUM", false, LEDGER_WORKER, "AMAZON_LINUX_2023", "org.apache.logging.log4j:log4j-core", "JAR", "2.14.1",
        "2.17.1");
    image("CVE-2020-36518", "HIGH", false, LEDGER_WORKER, "AMAZON_LINUX_2023", "com.fasterxml.jackson.core:jackson-databind", "JAR",
        "2.9.10", "2.12.6.1");
    image("CVE-2022-42003", "HIGH", false, LEDGER_WORKER, "AMAZON_LINUX_2023", "com.fasterxml.jackson.core:jackson-databind", "JAR",
        "2.9.10", "2.13.4.1");
    image("ALAS2023-2024-581", "MEDIUM", false, LEDGER_WORKER, "AMAZON_LINUX_2023", "openssl-libs", "OS", "1:3.0.8-1.amzn2023.0.9",
        "1:3.0.8-1.amzn2023.0.11");
    // checkout-web: an old lodash and express on Alpine.
    image("CVE-2019-10744", "CRITICAL", false, CHECKOUT_WEB, "ALPINE_3_19", "lodash", "NPM", "4.17.4", "4.17.12");
    image("CVE-2020-8203", "HIGH", true, CHECKOUT_WEB, "ALPINE_3_19", "lodash", "NPM", "4.17.4", "4.17.19");
    image("CVE-2021-23337", "HIGH", false, CHECKOUT_WEB, "ALPINE_3_19", "lodash", "NPM", "4.17.4", "4.17.21");
    image("CVE-2024-29041", "MEDIUM", false, CHECKOUT_WEB, "ALPINE_3_19", "express", "NPM", "4.17.1", "4.19.2");
    image("CVE-2024-43796", "LOW", false, CHECKOUT_WEB, "ALPINE_3_19", "express", "NPM", "4.17.1", "4.20.0");
    image("CVE-2023-42363", "MEDIUM", false, CHECKOUT_WEB, "ALPINE_3_19", "busybox", "OS", "1.36.1-r5", "1.36.1-r15");
    // deploy-bot: Python with old urllib3 and requests.
    image("CVE-2023-43804", "HIGH", false, DEPLOY_BOT, "DEBIAN_12", "urllib3", "PYTHONPKG", "1.26.5", "1.26.17");
    image("CVE-2023-45803", "MEDIUM", false, DEPLOY_BOT, "DEBIAN_12", "urllib3", "PYTHONPKG", "1.26.5", "1.26.18");
    image("CVE-2023-32681", "MEDIUM", false, DEPLOY_BOT, "DEBIAN_12", "requests", "PYTHONPKG", "2.25.1", "2.31.0");
    image("CVE-2024-35195", "MEDIUM", false, DEPLOY_BOT, "DEBIAN_12", "requests", "PYTHONPKG", "2.25.1", "2.32.0");
    image("CVE-2024-6345", "HIGH", false, DEPLOY_BOT, "DEBIAN_12", "setuptools", "PYTHONPKG", "58.1.0", "70.0.0");
    image("CVE-2023-4911", "HIGH", true, DEPLOY_BOT, "DEBIAN_12", "glibc", "OS", "2.36-9+deb12u1", "2.36-9+deb12u3");

    for (String image : List.of(PAYMENTS_API, LEDGER_WORKER, CHECKOUT_WEB, DEPLOY_BOT, CART_SERVICE)) {
      coverage.add(new Covered(image, null, true, "SUCCESSFUL", SEEN));
    }
    coverage.add(new Covered(NIGHTLY_REPORT, null, false, "UNSUPPORTED_OS", SEEN));
    for (int i = 0; i < instanceIds.size(); i++) {
      coverage.add(new Covered(null, instanceIds.get(i), true, "SUCCESSFUL", SEEN));
    }
    if (!instanceIds.isEmpty()) {
      String old = instanceIds.getFirst();
      findings.add(new Vulnerability("ALAS2023-2024-500", "HIGH", 7.8, false, null, old, "AMAZON_LINUX_2023", "kernel", "OS",
          "6.1.72-96.166.amzn2023", "6.1.77-99.164.amzn2023", SEEN));
      findings.add(new Vulnerability("CVE-2024-1086", "HIGH", 7.8, true, null, old, "AMAZON_LINUX_2023", "kernel", "OS",
          "6.1.72-96.166.amzn2023", "6.1.79-99.167.amzn2023", SEEN));
    }
  }

  private void image(String id, String severity, boolean exploit, String image, String platform, String pkg, String packageManager,
      String version, String fixedIn) {
    double score = switch (severity) {
      case "CRITICAL" -> 9.8;
      case "HIGH" -> 7.5;
      case "MEDIUM" -> 5.3;
      default -> 3.1;
    };
    findings.add(new Vulnerability(id, severity, score, exploit, image, null, platform, pkg, packageManager, version, fixedIn, SEEN));
  }

  List<Vulnerability> findings() {
    return findings;
  }

  List<Covered> coverage() {
    return coverage;
  }

  /** {@code example/payments-api} of an ECR image reference. */
  static String repository(String image) {
    String path = image.substring(image.indexOf('/') + 1);
    return path.substring(0, path.lastIndexOf(':'));
  }
}
