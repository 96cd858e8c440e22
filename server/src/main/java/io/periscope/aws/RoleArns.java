package io.periscope.aws;

import java.util.regex.Pattern;

/** The shape of an IAM role ARN a person may name in a request ({@code arn:aws:iam::<account>:role/<path/name>}). */
public final class RoleArns {
  private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");

  private RoleArns() {}

  /** Whether {@code arn} is a role ARN in any partition, with a 12-digit account and IAM's name characters. */
  public static boolean valid(String arn) {
    return arn != null && ROLE_ARN.matcher(arn).matches();
  }
}
