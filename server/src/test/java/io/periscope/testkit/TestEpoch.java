package io.periscope.testkit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Where tests that drive an injected clock start. A fixed instant by default; the clock guard run
 * of {@code ./mvnw verify} (surefire execution {@code clock-guard}, tests tagged {@link #TAG}) moves
 * it years away and near a day boundary, in a far-east time zone, so code that reads the system
 * clock or zone where it should read the injected clock fails there instead of on a later day.
 *
 * <p>Tests whose clock meets a peer that reads the wall clock itself (the JDK's TLS certificate
 * checks, an IdP's token lifetimes) start at {@link Instant#now()} instead, and say so; they are
 * tagged {@link #WALL_CLOCK_TAG} and run a second time with the process's wall clock moved years
 * ahead by libfaketime (surefire execution {@code wall-clock-guard}), which finds certificates and
 * tokens with a fixed validity window before their day comes.
 */
public final class TestEpoch {
  /** The JUnit tag of test classes the clock guard runs a second time. */
  public static final String TAG = "clock";
  /** The JUnit tag of test classes the wall-clock guard runs a second time under a moved system clock. */
  public static final String WALL_CLOCK_TAG = "wall-clock";
  public static final String PROPERTY = "periscope.test.epoch";
  private static final Instant DEFAULT = Instant.parse("2026-11-23T09:00:00Z");
  private static final DateTimeFormatter SIGV4_DATE = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SIGV4_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private TestEpoch() {}

  /** The start instant: {@code -Dperiscope.test.epoch=<ISO-8601 instant>} or the fixed default. */
  public static Instant instant() {
    String moved = System.getProperty(PROPERTY);
    return moved == null || moved.isBlank() ? DEFAULT : Instant.parse(moved.strip());
  }

  /** A clock the test moves by hand, starting at {@link #instant()}. */
  public static MutableClock clock() {
    return new MutableClock(instant());
  }

  /** {@code yyyyMMdd} in UTC, as a SigV4 credential scope carries the date. */
  public static String sigV4Date(Instant at) {
    return SIGV4_DATE.format(at);
  }

  /** {@code yyyyMMdd'T'HHmmss'Z'}, as {@code X-Amz-Date} carries the time. */
  public static String sigV4Time(Instant at) {
    return SIGV4_TIME.format(at);
  }
}
