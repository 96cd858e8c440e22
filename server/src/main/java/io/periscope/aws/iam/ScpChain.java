package io.periscope.aws.iam;

import java.time.Instant;
import java.util.List;

/**
 * The service control policies over one account, from the organization's root down to the account
 * (each level's directly attached SCPs), or why there are none to apply.
 *
 * @param state {@code READ}: the levels are complete; {@code NOT_APPLICABLE}: no SCP limits the
 *     account (its organization's management account, or SCPs not enabled); {@code NOT_READABLE}:
 *     the server may not read them (reason says why), so the effective answer leaves them out
 * @param levels root first, then each OU down to the account itself
 */
public record ScpChain(State state, String reason, List<Level> levels, Instant fetchedAt) {
  public enum State { READ, NOT_APPLICABLE, NOT_READABLE }

  public ScpChain {
    levels = List.copyOf(levels);
  }

  /** One target SCPs attach to: the root, an OU or the account. */
  public record Level(Kind kind, String id, String name, List<PolicyDocument> policies) {
    public enum Kind { ROOT, ORGANIZATIONAL_UNIT, ACCOUNT }

    public Level {
      policies = List.copyOf(policies);
    }

    /** {@code root r-ab12}, {@code OU Sandbox (ou-ab12-cd34)}, {@code account 123456789012}. */
    public String label() {
      return switch (kind) {
        case ROOT -> "root " + id;
        case ORGANIZATIONAL_UNIT -> "OU " + (name.isEmpty() ? id : name + " (" + id + ")");
        case ACCOUNT -> "account " + id;
      };
    }
  }

  public static ScpChain notReadable(String reason, Instant at) {
    return new ScpChain(State.NOT_READABLE, reason, List.of(), at);
  }

  public static ScpChain notApplicable(String reason, Instant at) {
    return new ScpChain(State.NOT_APPLICABLE, reason, List.of(), at);
  }
}
