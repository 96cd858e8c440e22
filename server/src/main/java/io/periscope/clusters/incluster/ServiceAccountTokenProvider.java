package io.periscope.clusters.incluster;

import io.fabric8.kubernetes.client.OAuthTokenProvider;
import io.periscope.clusters.ClusterUnavailableException;
import io.periscope.problem.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mounted ServiceAccount token, re-read when the kubelet rotates it. Projected tokens are
 * replaced by an atomic symlink swap, which changes the file's identity; an in-place rewrite
 * changes its modification time or size. Each call compares those (one {@code stat}) and re-reads
 * on any difference, and at least every {@link #MAX_AGE} regardless.
 */
public final class ServiceAccountTokenProvider implements OAuthTokenProvider {
  public static final Duration MAX_AGE = Duration.ofMinutes(1);
  private static final Logger log = LoggerFactory.getLogger(ServiceAccountTokenProvider.class);

  private final String cluster;
  private final Path file;
  private final Clock clock;
  private String token;
  private Stamp stamp;
  private Instant readAt;

  private record Stamp(Object fileKey, Instant modified, long size) {}

  public ServiceAccountTokenProvider(String cluster, Path file, Clock clock) {
    this.cluster = cluster;
    this.file = file;
    this.clock = clock;
  }

  /**
   * @throws ClusterUnavailableException 502 when the token file was never readable; once a token
   *     was read, a transient read failure keeps the last token (the apiserver decides)
   */
  @Override
  public synchronized String getToken() {
    Instant now = clock.instant();
    try {
      Stamp current = stamp();
      if (token == null || !current.equals(stamp) || !now.isBefore(readAt.plus(MAX_AGE))) {
        String text = Files.readString(file).strip();
        if (text.isEmpty()) {
          throw new IOException("empty");
        }
        token = text;
        stamp = current;
        readAt = now;
      }
    } catch (IOException e) {
      if (token == null) {
        throw new ClusterUnavailableException(ErrorCode.IN_CLUSTER_CREDENTIALS_UNREADABLE, cluster,
            "cannot read the ServiceAccount token " + file + " (" + describe(e) + ")", e);
      }
      log.warn("cluster '{}': cannot re-read ServiceAccount token {} ({}); using the last one", cluster, file, describe(e));
    }
    return token;
  }

  private Stamp stamp() throws IOException {
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class); // follows the ..data symlink
    return new Stamp(Objects.requireNonNullElse(a.fileKey(), ""), a.lastModifiedTime().toInstant(), a.size());
  }

  static String describe(IOException e) {
    return e instanceof java.nio.file.NoSuchFileException ? "no such file"
        : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
        : Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName());
  }
}
