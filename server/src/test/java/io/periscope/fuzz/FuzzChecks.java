package io.periscope.fuzz;

import io.periscope.problem.Problem;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The property every fuzz test asserts: outside input is refused only with the documented
 * exception, carrying a status below 500 and a message written for people. Anything else that
 * escapes (a NullPointerException, an index out of bounds, a stack overflow, a number format
 * error, an Problem with a 5xx) fails the test and is a finding.
 */
public final class FuzzChecks {
  /** What a message written for people never shows, unless the person's own input put it there. */
  private static final List<String> INTERNALS = List.of("io.periscope", "java.", "Exception", "com.fasterxml", "io.fabric8",
      "org.yaml", "org.bouncycastle", "com.google.protobuf");

  private FuzzChecks() {}

  /**
   * Whether Jazzer's agent (loaded by the first fuzz test of a JVM) has brought its bug detectors.
   * Configure them ({@code BugDetectors}) only then: that class looks them up once, when first
   * used, and touched earlier it stays unable to configure them for the rest of the JVM.
   */
  public static boolean bugDetectorsLoaded() {
    try {
      Class.forName("com.code_intelligence.jazzer.sanitizers.ServerSideRequestForgery", false, FuzzChecks.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException notYet) {
      return false;
    }
  }

  /** The fuzzer's bytes as text (invalid UTF-8 becomes U+FFFD), so a corpus file is readable as it is. */
  public static String text(byte[] data) {
    return new String(data, StandardCharsets.UTF_8);
  }

  /** Runs {@code action}; it may succeed, or throw {@link Problem} with a 4xx and a clean message. */
  public static void onlyClientErrors(String input, Runnable action) {
    try {
      action.run();
    } catch (Problem e) {
      if (e.status() < 400 || e.status() >= 500) {
        throw new AssertionError("input answered " + e.status() + " " + e.code() + ": " + e.getMessage(), e);
      }
      requireCleanMessage(input, e.getMessage(), e);
    }
  }

  /** Runs {@code action}; it may succeed, or throw {@code allowed} with a clean message. */
  public static <E extends RuntimeException> void onlyRefusals(String input, Class<E> allowed, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      if (!allowed.isInstance(e)) {
        throw e;
      }
      requireCleanMessage(input, e.getMessage(), e);
    }
  }

  /** A refusal's message: present, and free of Java names the input did not carry itself. */
  public static void requireCleanMessage(String input, String message, Throwable refusal) {
    if (message == null || message.isBlank()) {
      throw new AssertionError("a refusal without a message", refusal);
    }
    for (String internal : INTERNALS) {
      if (message.contains(internal) && (input == null || !input.contains(internal))) {
        throw new AssertionError("the message shows internals ('" + internal + "'): " + message, refusal);
      }
    }
  }
}
