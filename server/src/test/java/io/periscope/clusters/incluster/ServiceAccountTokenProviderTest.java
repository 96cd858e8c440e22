package io.periscope.clusters.incluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.periscope.clusters.ClusterUnavailableException;
import io.periscope.testkit.MutableClock;
import io.periscope.testkit.TestEpoch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag(TestEpoch.TAG)
class ServiceAccountTokenProviderTest {
  @TempDir Path sa;
  final MutableClock clock = TestEpoch.clock();

  @Test
  void inPlaceRewriteIsPickedUpOnTheNextCall() throws IOException {
    Path token = sa.resolve("token");
    Files.writeString(token, "first-token\n");
    var tokens = new ServiceAccountTokenProvider("home", token, clock);
    assertThat(tokens.getToken()).isEqualTo("first-token");

    Files.writeString(token, "second-token-longer");
    assertThat(tokens.getToken()).isEqualTo("second-token-longer");
  }

  @Test
  void kubeletSymlinkSwapIsPickedUpEvenWithSameSizeAndTime() throws IOException {
    // The kubelet writes ..<timestamp>/token and atomically renames a new ..data symlink over the old one.
    FileTime fixed = FileTime.from(clock.instant().minus(Duration.ofHours(1)));
    Path v1 = Files.createDirectory(sa.resolve("..2026_11_23_08_00_00.1"));
    Files.setLastModifiedTime(Files.writeString(v1.resolve("token"), "aaaa"), fixed);
    Files.createSymbolicLink(sa.resolve("..data"), v1.getFileName());
    Path token = Files.createSymbolicLink(sa.resolve("token"), Path.of("..data/token"));
    var tokens = new ServiceAccountTokenProvider("home", token, clock);
    assertThat(tokens.getToken()).isEqualTo("aaaa");

    Path v2 = Files.createDirectory(sa.resolve("..2026_11_23_08_50_00.2"));
    Files.setLastModifiedTime(Files.writeString(v2.resolve("token"), "bbbb"), fixed);
    Files.createSymbolicLink(sa.resolve("..data_tmp"), v2.getFileName());
    Files.move(sa.resolve("..data_tmp"), sa.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

    assertThat(tokens.getToken()).isEqualTo("bbbb");
  }

  @Test
  void reReadAtLeastEveryMinuteEvenIfTheFileLooksUnchanged() throws IOException {
    Path token = sa.resolve("token");
    FileTime fixed = FileTime.from(clock.instant().minus(Duration.ofHours(1)));
    Files.setLastModifiedTime(Files.writeString(token, "aaaa"), fixed);
    var tokens = new ServiceAccountTokenProvider("home", token, clock);
    assertThat(tokens.getToken()).isEqualTo("aaaa");

    Files.setLastModifiedTime(Files.writeString(token, "bbbb"), fixed); // same size, same time, same inode
    clock.advance(ServiceAccountTokenProvider.MAX_AGE.minusSeconds(1));
    assertThat(tokens.getToken()).isEqualTo("aaaa");
    clock.advance(Duration.ofSeconds(1));
    assertThat(tokens.getToken()).isEqualTo("bbbb");
  }

  @Test
  void aVanishedFileKeepsTheLastToken() throws IOException {
    Path token = sa.resolve("token");
    Files.writeString(token, "kept");
    var tokens = new ServiceAccountTokenProvider("home", token, clock);
    tokens.getToken();
    Files.delete(token);
    assertThat(tokens.getToken()).isEqualTo("kept");
  }

  @Test
  void neverReadableOrEmptyIsAClearError() throws IOException {
    var missing = new ServiceAccountTokenProvider("home", sa.resolve("token"), clock);
    assertThatThrownBy(missing::getToken)
        .isInstanceOfSatisfying(ClusterUnavailableException.class, e -> {
          assertThat(e.status()).isEqualTo(502);
          assertThat(e.code()).isEqualTo("in_cluster_credentials_unreadable");
        })
        .hasMessageContaining("cluster 'home'")
        .hasMessageContaining("no such file");

    Files.writeString(sa.resolve("token"), "  \n");
    assertThatThrownBy(missing::getToken).hasMessageContaining("empty");
  }
}
