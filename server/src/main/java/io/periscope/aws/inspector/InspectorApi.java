package io.periscope.aws.inspector;

import io.periscope.aws.AwsCalls;
import io.periscope.aws.AwsClients;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.inspector2.Inspector2Client;
import software.amazon.awssdk.services.inspector2.model.CoverageFilterCriteria;
import software.amazon.awssdk.services.inspector2.model.CoverageStringComparison;
import software.amazon.awssdk.services.inspector2.model.CoverageStringFilter;
import software.amazon.awssdk.services.inspector2.model.CoveredResource;
import software.amazon.awssdk.services.inspector2.model.FilterCriteria;
import software.amazon.awssdk.services.inspector2.model.ListCoverageResponse;
import software.amazon.awssdk.services.inspector2.model.ListFindingsResponse;
import software.amazon.awssdk.services.inspector2.model.PackageVulnerabilityDetails;
import software.amazon.awssdk.services.inspector2.model.Resource;
import software.amazon.awssdk.services.inspector2.model.StringComparison;
import software.amazon.awssdk.services.inspector2.model.StringFilter;
import software.amazon.awssdk.services.inspector2.model.VulnerablePackage;

/**
 * Inspector v2 reads on the server's own identity: {@code ListFindings} by ECR image digest or
 * EC2 instance id (active package vulnerabilities, ten values per request, every page),
 * {@code ListCoverage} to tell "scanned, no findings" from "not scanned", and EC2's
 * {@code DescribeInstances} for the instance tags that say what launched a node. AWS errors become
 * {@link io.periscope.problem.Problem}s naming the action ({@link AwsCalls#unaudited}); the SDK
 * retries throttling with backoff before that.
 */
public final class InspectorApi {
  /** Inspector accepts at most ten values per filter field. */
  static final int VALUES_PER_REQUEST = 10;
  static final String LIST_FINDINGS = "inspector2:ListFindings";
  static final String LIST_COVERAGE = "inspector2:ListCoverage";
  static final String DESCRIBE_INSTANCES = "ec2:DescribeInstances";
  /** EC2 filters take up to 200 values; fewer keep each request small. */
  private static final int INSTANCES_PER_REQUEST = 100;

  /** One covered resource: an image digest ({@code sha256:...}) or an instance id, its scan state and (images) tags. */
  public record Coverage(String resourceId, String digest, boolean active, String reason, List<String> tags, Instant lastScannedAt) {}

  private final AwsClients aws;

  public InspectorApi(AwsClients aws) {
    this.aws = aws;
  }

  /** Active package findings on these image digests ({@code sha256:...}). */
  public List<Finding> imageFindings(Region region, Collection<String> digests) {
    return findings(region, digests, values -> FilterCriteria.builder().ecrImageHash(equalsEach(values)));
  }

  /** Active package findings on these EC2 instances. */
  public List<Finding> instanceFindings(Region region, Collection<String> instanceIds) {
    return findings(region, instanceIds, values -> FilterCriteria.builder().resourceType(equalsEach(List.of("AWS_EC2_INSTANCE"))).resourceId(equalsEach(values)));
  }

  /** Coverage of the images in these ECR repositories (names without registry). */
  public List<Coverage> imageCoverage(Region region, Collection<String> repositories) {
    return coverage(region, repositories, values -> CoverageFilterCriteria.builder()
        .resourceType(coverageEquals(List.of("AWS_ECR_CONTAINER_IMAGE"))).ecrRepositoryName(coverageEquals(values)));
  }

  /** Coverage of these EC2 instances. */
  public List<Coverage> instanceCoverage(Region region, Collection<String> instanceIds) {
    return coverage(region, instanceIds, values -> CoverageFilterCriteria.builder()
        .resourceType(coverageEquals(List.of("AWS_EC2_INSTANCE"))).resourceId(coverageEquals(values)));
  }

  /**
   * The tags of these EC2 instances ({@code ec2:DescribeInstances}, filtered by {@code instance-id} so
   * an instance that is gone is left out rather than failing the call), by instance id.
   */
  public Map<String, Map<String, String>> instanceTags(Region region, Collection<String> instanceIds) {
    Ec2Client client = aws.ec2(region);
    Map<String, Map<String, String>> out = new HashMap<>();
    List<String> all = instanceIds.stream().distinct().sorted().toList();
    for (int i = 0; i < all.size(); i += INSTANCES_PER_REQUEST) {
      List<String> batch = all.subList(i, Math.min(all.size(), i + INSTANCES_PER_REQUEST));
      List<Instance> instances = AwsCalls.unaudited(DESCRIBE_INSTANCES, () -> client.describeInstancesPaginator(r -> r
          .filters(Filter.builder().name("instance-id").values(batch).build()).maxResults(1000))
          .reservations().stream().flatMap(reservation -> reservation.instances().stream()).toList());
      for (Instance instance : instances) {
        Map<String, String> tags = new HashMap<>();
        instance.tags().forEach(t -> tags.put(t.key(), t.value()));
        out.put(instance.instanceId(), Map.copyOf(tags));
      }
    }
    return out;
  }

  private List<Finding> findings(Region region, Collection<String> values, Function<List<String>, FilterCriteria.Builder> filter) {
    Inspector2Client client = aws.inspector2(region);
    List<Finding> out = new ArrayList<>();
    for (List<String> batch : batches(values)) {
      FilterCriteria criteria = filter.apply(batch)
          .findingStatus(StringFilter.builder().comparison(StringComparison.EQUALS).value("ACTIVE").build())
          .findingType(StringFilter.builder().comparison(StringComparison.EQUALS).value("PACKAGE_VULNERABILITY").build())
          .build();
      String token = null;
      do {
        String next = token;
        ListFindingsResponse page = AwsCalls.unaudited(LIST_FINDINGS,
            () -> client.listFindings(r -> r.filterCriteria(criteria).maxResults(100).nextToken(next)));
        page.findings().forEach(f -> out.addAll(flatten(f)));
        token = page.nextToken();
      } while (token != null && !token.isEmpty());
    }
    return out;
  }

  private List<Coverage> coverage(Region region, Collection<String> values, Function<List<String>, CoverageFilterCriteria.Builder> filter) {
    Inspector2Client client = aws.inspector2(region);
    List<Coverage> out = new ArrayList<>();
    for (List<String> batch : batches(values)) {
      CoverageFilterCriteria criteria = filter.apply(batch).build();
      String token = null;
      do {
        String next = token;
        ListCoverageResponse page = AwsCalls.unaudited(LIST_COVERAGE,
            () -> client.listCoverage(r -> r.filterCriteria(criteria).maxResults(200).nextToken(next)));
        page.coveredResources().forEach(c -> out.add(coverage(c)));
        token = page.nextToken();
      } while (token != null && !token.isEmpty());
    }
    return out;
  }

  private static Coverage coverage(CoveredResource c) {
    String id = c.resourceId();
    int sha = id.lastIndexOf("/sha256:");
    String digest = sha >= 0 ? id.substring(sha + 1) : "";
    boolean active = c.scanStatus() != null && "ACTIVE".equals(c.scanStatus().statusCodeAsString());
    String reason = c.scanStatus() == null ? "" : Optional.ofNullable(c.scanStatus().reasonAsString()).orElse("");
    List<String> tags = c.resourceMetadata() != null && c.resourceMetadata().ecrImage() != null && c.resourceMetadata().ecrImage().hasTags()
        ? c.resourceMetadata().ecrImage().tags() : List.of();
    return new Coverage(id, digest, active, reason, tags, c.lastScannedAt());
  }

  /** One {@link Finding} per vulnerable package and resource of an Inspector finding. */
  static List<Finding> flatten(software.amazon.awssdk.services.inspector2.model.Finding f) {
    PackageVulnerabilityDetails pv = f.packageVulnerabilityDetails();
    if (pv == null || !pv.hasVulnerablePackages()) {
      return List.of();
    }
    List<Finding> out = new ArrayList<>();
    for (Resource r : f.hasResources() ? f.resources() : List.<Resource>of()) {
      String resourceId = r.id();
      String platform = "";
      if (r.details() != null && r.details().awsEcrContainerImage() != null) {
        resourceId = Optional.ofNullable(r.details().awsEcrContainerImage().imageHash()).orElse(resourceId);
        platform = Optional.ofNullable(r.details().awsEcrContainerImage().platform()).orElse("");
      } else if (r.details() != null && r.details().awsEc2Instance() != null) {
        platform = Optional.ofNullable(r.details().awsEc2Instance().platform()).orElse("");
      }
      for (VulnerablePackage p : pv.vulnerablePackages()) {
        out.add(new Finding(f.findingArn(), pv.vulnerabilityId(), Optional.ofNullable(f.title()).orElse(pv.vulnerabilityId()),
            Severity.parse(f.severityAsString()), f.inspectorScore() == null ? 0 : f.inspectorScore(), resourceId, p.name(),
            Optional.ofNullable(p.packageManagerAsString()).orElse(""), platform, installedVersion(p), fixedIn(p.fixedInVersion()),
            "YES".equals(f.exploitAvailableAsString()), Optional.ofNullable(f.fixAvailableAsString()).orElse("NO"),
            Optional.ofNullable(pv.sourceUrl()).orElse("")));
      }
    }
    return out;
  }

  /** The installed version with its epoch and release where Inspector gives them ({@code 1:3.0.8-1.amzn2023.0.11}). */
  private static String installedVersion(VulnerablePackage p) {
    String v = Optional.ofNullable(p.version()).orElse("");
    if (p.release() != null && !p.release().isBlank()) {
      v = v + "-" + p.release();
    }
    if (p.epoch() != null && p.epoch() != 0) {
      v = p.epoch() + ":" + v;
    }
    return v;
  }

  /** Inspector's {@code fixedInVersion}: {@code NotAvailable}, one version, or several comma-separated (one per release line). */
  static List<String> fixedIn(String raw) {
    if (raw == null || raw.isBlank() || raw.trim().equalsIgnoreCase("NotAvailable")) {
      return List.of();
    }
    return Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty() && !s.equalsIgnoreCase("NotAvailable")).toList();
  }

  private static List<StringFilter> equalsEach(List<String> values) {
    return values.stream().map(v -> StringFilter.builder().comparison(StringComparison.EQUALS).value(v).build()).toList();
  }

  private static List<CoverageStringFilter> coverageEquals(List<String> values) {
    return values.stream().map(v -> CoverageStringFilter.builder().comparison(CoverageStringComparison.EQUALS).value(v).build()).toList();
  }

  private static List<List<String>> batches(Collection<String> values) {
    List<String> all = values.stream().distinct().sorted().toList();
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += VALUES_PER_REQUEST) {
      out.add(all.subList(i, Math.min(all.size(), i + VALUES_PER_REQUEST)));
    }
    return out;
  }
}
