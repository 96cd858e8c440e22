package io.periscope.names;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceTest {
  private static final String D = "sha256:" + "ab".repeat(32);

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      nginx                                      | docker.io             | library/nginx          | latest | -   | true
      nginx:1.27                                 | docker.io             | library/nginx          | 1.27   | -   | false
      bitnami/redis:7.2                          | docker.io             | bitnami/redis          | 7.2    | -   | false
      ghcr.io/example/api:2.1.0                  | ghcr.io               | example/api            | 2.1.0  | -   | false
      localhost:5000/tools/debug                 | localhost:5000        | tools/debug            | latest | -   | true
      localhost/app:dev                          | localhost             | app                    | dev    | -   | false
      123456789012.dkr.ecr.eu-west-1.amazonaws.com/payments:7 | 123456789012.dkr.ecr.eu-west-1.amazonaws.com | payments | 7 | - | false
      """)
  void readsReferencesAsContainerRuntimesDo(String reference, String registry, String repository, String tag, String digest, boolean latest) {
    var ref = ImageReference.parse(reference);
    assertThat(ref).isEqualTo(new ImageReference(registry, repository, tag, digest));
    assertThat(ref.floating()).isEqualTo(latest);
  }

  @org.junit.jupiter.api.Test
  void aDigestPinsTheBuildWhateverTheTagSays() {
    var pinned = ImageReference.parse("nginx@" + D);
    assertThat(pinned).isEqualTo(new ImageReference("docker.io", "library/nginx", null, D));
    assertThat(pinned.canonical()).isEqualTo("docker.io/library/nginx@" + D);
    assertThat(pinned.floating()).isFalse();
    var both = ImageReference.parse("registry.k8s.io/pause:latest@" + D);
    assertThat(both.canonical()).isEqualTo("registry.k8s.io/pause:latest@" + D);
    assertThat(both.floating()).as("latest, but pinned").isFalse();
    assertThat(ImageReference.parse("nginx").canonical()).isEqualTo(ImageReference.parse("docker.io/library/nginx:latest").canonical());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      docker-pullable://nginx@SHA256:ABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABAB | ok
      docker.io/library/nginx@sha256:abababababababababababababababababababababababababababababababab  | ok
      sha256:abababababababababababababababababababababababababababababababab                          | ok
      -                                                                                                 | -
      ''                                                                                                | -
      docker-pullable://nginx:1.27                                                                      | -
      """)
  void theBuildAKubeletRunsIsTheDigestInItsImageId(String imageId, String found) {
    assertThat(ImageReference.digestOf(imageId)).isEqualTo(found == null ? null : D);
  }

  /** Local image ids ({@code sha256:…} without a repository) are builds, but no registry knows them. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      docker-pullable://nginx@SHA256:ABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABAB | ok
      123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1@sha256:abababababababababababababababababababababababababababababababab | ok
      ' docker.io/library/nginx@sha256:abababababababababababababababababababababababababababababababab ' | ok
      sha256:abababababababababababababababababababababababababababababababab                          | -
      docker://sha256:abababababababababababababababababababababababababababababababab                 | -
      nginx@sha256:abab                                                                                 | -
      nginx@sha256:abababababababababababababababababababababababababababababababag                    | -
      -                                                                                                 | -
      """)
  void aRegistryKnowsTheBuildOnlyByTheDigestAfterTheAt(String imageId, String found) {
    assertThat(ImageReference.registryDigestOf(imageId)).isEqualTo(found == null ? null : D);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      docker://sha256:abababababababababababababababababababababababababababababababab                 | ok
      Docker://sha256:abababababababababababababababababababababababababababababababab                 | -
      sha256:ab:abababababababababababababababababababababababababababababababab                       | -
      :abababababababababababababababababababababababababababababababab                                | -
      """)
  void aLocalImageIdIsTheBuildTooWhenItIsADigest(String imageId, String found) {
    assertThat(ImageReference.digestOf(imageId)).isEqualTo(found == null ? null : D);
  }

  @org.junit.jupiter.api.Test
  void theNameAsTypedLeavesDockerHubOut() {
    assertThat(ImageReference.displayName("docker.io", "library/nginx")).isEqualTo("nginx");
    assertThat(ImageReference.displayName("docker.io", "bitnami/redis")).isEqualTo("bitnami/redis");
    assertThat(ImageReference.displayName("ghcr.io", "library/x")).isEqualTo("ghcr.io/library/x");
  }
}
