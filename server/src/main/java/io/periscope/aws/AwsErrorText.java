package io.periscope.aws;

import java.util.regex.Pattern;

/**
 * AWS's own words about a failure, as a person may read them in an API error. AWS names the
 * server's principal and the refused resource by ARN ("User: arn:aws:sts::111122223333:assumed-role/…
 * is not authorized to perform: iam:GetRole on resource: arn:aws:iam::444455556666:role/…"): which
 * accounts and roles stand behind the server is not for everyone who meets the error, so ARNs and
 * account ids are taken out. The full text goes to the server's log instead ({@link #logged}).
 */
public final class AwsErrorText {
  /** An ARN up to the first character no ARN holds (blank, quote, bracket, comma, semicolon). */
  private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:[^\\s\"'<>()\\[\\],;]*");
  private static final Pattern ACCOUNT_ID = Pattern.compile("(?<![0-9])[0-9]{12}(?![0-9])");
  private static final int MAX = 300;
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AwsErrorText.class);

  private AwsErrorText() {}

  /** The first line of {@code message}, ARNs and account ids replaced, cut to 300 characters; "" for null. */
  public static String shown(String message) {
    if (message == null) {
      return "";
    }
    String line = message.lines().findFirst().orElse("");
    String clean = ACCOUNT_ID.matcher(ARN.matcher(line).replaceAll("<arn>")).replaceAll("<account>");
    return clean.length() > MAX ? clean.substring(0, MAX) + "…" : clean;
  }

  /**
   * {@link #shown}, and when that took something out, the whole first line to the server's log
   * (with the request id the log carries), where an operator fixing the role's policy reads it.
   */
  public static String logged(String what, String message) {
    String shown = shown(message);
    String line = message == null ? "" : message.lines().findFirst().orElse("");
    if (!shown.equals(line.length() > MAX ? line.substring(0, MAX) + "…" : line)) {
      log.info("{}: AWS said: {}", what, line);
    }
    return shown;
  }
}
