package io.periscope.aws.inspector;

import static io.periscope.aws.inspector.InspectorWire.digest;
import static io.periscope.aws.inspector.InspectorWire.imageFinding;
import static io.periscope.aws.inspector.InspectorWire.instanceFinding;
import static org.assertj.core.api.Assertions.assertThat;

import io.periscope.aws.AwsClients;
import io.periscope.testkit.MotoServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * {@code inspector2:ListFindings} against moto's Inspector2 (findings seeded through moto's
 * {@code /moto-api/static/inspector2/findings-results}): what the SDK parses from moto's wire
 * answer becomes one {@link Finding} per vulnerable package and resource.
 */
class InspectorApiMotoTest {
  private static MotoServer moto;
  private static AwsClients aws;

  @BeforeAll
  static void start() throws Exception {
    moto = new MotoServer(Map.of());
    aws = new AwsClients(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDPERISCOPETEST", "secret")),
        Map.of("inspector2", moto.endpoint()), Duration.ofSeconds(20), Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    aws.close();
    moto.close();
  }

  private static void seed(List<String> findings) throws Exception {
    String body = "{\"results\":[[" + String.join(",", findings) + "]],\"region\":\"" + InspectorWire.REGION + "\"}";
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(moto.endpoint().resolve(
        "/moto-api/static/inspector2/findings-results")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  @Test
  void listFindingsByImageDigestAndInstance() throws Exception {
    String api = digest('e');
    seed(List.of(
        imageFinding("CVE-2023-45288", "HIGH", api, "shop/api", "", "golang.org/x/net", "GOMOD", "v0.17.0", "0.23.0", true),
        imageFinding("CVE-2024-2961", "CRITICAL", api, "shop/api", "DEBIAN_12", "libc6", "OS", "2.36-9+deb12u4", "2.36-9+deb12u7", false)));

    List<Finding> found = new InspectorApi(aws).imageFindings(Region.of(InspectorWire.REGION), List.of(api));

    assertThat(found).hasSize(2);
    Finding net = found.stream().filter(f -> f.packageName().equals("golang.org/x/net")).findFirst().orElseThrow();
    assertThat(net.vulnerabilityId()).isEqualTo("CVE-2023-45288");
    assertThat(net.resourceId()).isEqualTo(api);
    assertThat(net.severity()).isEqualTo(Severity.HIGH);
    assertThat(net.exploitAvailable()).isTrue();
    assertThat(net.fixedIn()).containsExactly("0.23.0");
    assertThat(net.advisoryUrl()).isEqualTo("https://nvd.nist.gov/vuln/detail/CVE-2023-45288");
    Finding libc = found.stream().filter(f -> f.packageName().equals("libc6")).findFirst().orElseThrow();
    assertThat(libc.platform()).isEqualTo("DEBIAN_12");
    assertThat(libc.severity()).isEqualTo(Severity.CRITICAL);

    seed(List.of(instanceFinding("ALAS2023-2024-500", "HIGH", "i-0123456789abcdef0", "kernel", "6.1.72-96.166.amzn2023",
        "6.1.77-99.164.amzn2023")));
    List<Finding> node = new InspectorApi(aws).instanceFindings(Region.of(InspectorWire.REGION), List.of("i-0123456789abcdef0"));
    assertThat(node).extracting(Finding::resourceId, Finding::ecosystem, Finding::platform)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("i-0123456789abcdef0", "OS", "AMAZON_LINUX_2023"));
  }
}
