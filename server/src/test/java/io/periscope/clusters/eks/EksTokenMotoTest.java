package io.periscope.clusters.eks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.periscope.aws.AwsClients;
import io.periscope.testkit.TestEpoch;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

/**
 * Checks our token against the reference implementations, through the machine's Python:
 * botocore signs the same request exactly as {@code aws eks get-token} does and must produce the
 * same signature, and moto's STS answers the presigned URL with GetCallerIdentity. See
 * {@code verify_eks_token.py} for why moto runs in-process rather than as {@code moto_server}.
 * Skipped when python3 with moto is not installed.
 */
@Tag(TestEpoch.TAG)
class EksTokenMotoTest {

  @Test
  void signatureMatchesAwsCliAndMotoStsAcceptsTheUrl() throws Exception {
    // moto ships in this machine kind's Python (see DEPS.md); its absence is a broken environment, not a reason to skip.
    org.assertj.core.api.Assertions.assertThat(pythonHasMoto()).as("python3 with moto and botocore must be installed").isTrue();
    var clock = TestEpoch.clock();
    var tokens = new EksTokenProvider("prod", "prod-eks", Region.EU_WEST_1,
        AwsClients.regionalStsEndpoint(Region.EU_WEST_1), EksTokenProviderTest.CREDENTIALS, clock);
    URI url = EksTokens.presignedUrl(tokens.getToken());

    JsonNode result = verify(url, "prod-eks", Region.EU_WEST_1);

    Map<String, String> ours = EksTokens.query(url);
    assertThat(ours.get("X-Amz-Signature")).isEqualTo(result.get("referenceSignature").asText());
    assertThat(ours.get("X-Amz-SignedHeaders")).isEqualTo(result.get("referenceSignedHeaders").asText());
    assertThat(ours).isEqualTo(EksTokens.query(URI.create(result.get("referenceUrl").asText())));
    assertThat(result.get("motoStatus").asInt()).isEqualTo(200);
    assertThat(result.get("motoBody").asText())
        .contains("<GetCallerIdentityResponse")
        .contains("<Account>123456789012</Account>");
  }

  private static JsonNode verify(URI url, String eksName, Region region) throws IOException, InterruptedException, URISyntaxException {
    Path script = Path.of(EksTokenMotoTest.class.getResource("/clusters/eks/verify_eks_token.py").toURI());
    Process p = new ProcessBuilder(List.of("python3", script.toString(), url.toString(), eksName,
        EksTokenProviderTest.ACCESS_KEY, "test-secret-key", region.id()))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("verify_eks_token.py exit code").isZero();
    return new ObjectMapper().readTree(out);
  }

  private static boolean pythonHasMoto() {
    try {
      Process p = new ProcessBuilder("python3", "-c", "import moto, botocore, requests")
          .redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
