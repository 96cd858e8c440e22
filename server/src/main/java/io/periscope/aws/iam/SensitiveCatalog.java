package io.periscope.aws.iam;

import io.periscope.aws.iam.SensitiveActions.Category;
import io.periscope.aws.iam.SensitiveActions.Entry;
import io.periscope.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The sensitive-permissions catalog in force: the built-in entries ({@link SensitiveActions#CATALOG})
 * minus those the operator suppressed, plus those they added ({@code aws.access.sensitiveCatalog.*}).
 * A changed catalog gets its own version ({@code 2026.1+local.<digest of the changes>}) so a chip
 * can always be traced to the catalog that raised it.
 */
public record SensitiveCatalog(String version, List<Entry> entries, List<String> added, List<String> suppressed) {
  public static final String ADD_KEY = "aws.access.sensitiveCatalog.add";
  public static final String SUPPRESS_KEY = "aws.access.sensitiveCatalog.suppress";

  /** {@code service:Action}, optionally with {@code *} / {@code ?} wildcards in the action part. */
  private static final Pattern ACTION = Pattern.compile("[a-z0-9-]+:[A-Za-z0-9*?]+");

  public static final SensitiveCatalog BUILT_IN = new SensitiveCatalog(SensitiveActions.VERSION, SensitiveActions.CATALOG, List.of(), List.of());

  public SensitiveCatalog {
    entries = List.copyOf(entries);
    added = List.copyOf(added);
    suppressed = List.copyOf(suppressed);
  }

  /**
   * The built-in catalog changed by configuration.
   *
   * @param add action → {@code category} or {@code category: why} (category as in {@link Category}, any case, {@code -} or {@code _})
   * @param suppress built-in entries to drop, named as the catalog names them ({@code s3:DeleteObject*}, {@code *})
   * @throws ConfigException naming the key when an action is malformed, unknown, or already in the catalog
   */
  public static SensitiveCatalog customized(Map<String, String> add, List<String> suppress) {
    if (add.isEmpty() && suppress.isEmpty()) {
      return BUILT_IN;
    }
    Set<String> dropped = new LinkedHashSet<>();
    for (String action : suppress) {
      Entry entry = SensitiveActions.CATALOG.stream().filter(e -> e.action().equalsIgnoreCase(action.trim())).findFirst()
          .orElseThrow(() -> new ConfigException(SUPPRESS_KEY, "'" + action + "' is not a built-in catalog entry; entries: "
              + SensitiveActions.CATALOG.stream().map(Entry::action).toList()));
      dropped.add(entry.action());
    }
    List<Entry> entries = new ArrayList<>(SensitiveActions.CATALOG.stream().filter(e -> !dropped.contains(e.action())).toList());
    List<String> addedActions = new ArrayList<>();
    add.forEach((action, value) -> {
      String key = ADD_KEY + "." + action;
      if (!ACTION.matcher(action).matches()) {
        throw new ConfigException(key, "an IAM action is service:Action (wildcards * and ? allowed), e.g. ecr:PutImage");
      }
      if (SensitiveActions.CATALOG.stream().anyMatch(e -> e.action().equalsIgnoreCase(action))) {
        throw new ConfigException(key, "already in the built-in catalog");
      }
      int colon = value.indexOf(':');
      String categoryText = (colon < 0 ? value : value.substring(0, colon)).trim();
      String why = colon < 0 ? "added by the operator" : value.substring(colon + 1).trim();
      entries.add(new Entry(action, category(key, categoryText), why.isEmpty() ? "added by the operator" : why));
      addedActions.add(action);
    });
    return new SensitiveCatalog(SensitiveActions.VERSION + "+local." + digest(addedActions, add, dropped), entries, addedActions,
        List.copyOf(dropped));
  }

  /** The entry an action falls under (case-insensitive, patterns included), if it is sensitive; never the wildcard entry. */
  public Optional<Entry> of(String action) {
    return entries.stream().filter(e -> e.category() != Category.WILDCARD)
        .filter(e -> e.covers().stream().anyMatch(c -> c.equalsIgnoreCase(action)) || Wildcards.matches(e.action(), action, true))
        .findFirst();
  }

  /** Whether the wildcard entry ({@code *}: an Allow on every action of a service) is in force. */
  public boolean flagsWildcards() {
    return entries.stream().anyMatch(e -> e.category() == Category.WILDCARD);
  }

  private static Category category(String key, String text) {
    String name = text.toUpperCase(Locale.ROOT).replace('-', '_');
    try {
      Category c = Category.valueOf(name);
      if (c != Category.WILDCARD) {
        return c;
      }
    } catch (IllegalArgumentException e) {
      // reported below with the allowed values
    }
    throw new ConfigException(key, "category '" + text + "' is not one of privilege-escalation, data, cross-account, destructive, "
        + "cluster-self-modify (write 'category' or 'category: why')");
  }

  private static String digest(List<String> added, Map<String, String> add, Set<String> dropped) {
    StringBuilder text = new StringBuilder();
    added.stream().sorted().forEach(a -> text.append('+').append(a).append('=').append(add.get(a)).append('\n'));
    dropped.stream().sorted().forEach(d -> text.append('-').append(d).append('\n'));
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
