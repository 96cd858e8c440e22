package io.periscope.demo.cluster;

import java.security.SecureRandom;
import java.util.Set;

/**
 * Names as the apiserver's {@code generateName} gives a controller's new pod: the owner's name, a dash and five random
 * characters. Random, not counted: a pod deleted and replaced (and its replacement deleted too) never comes back under a
 * name it had before, as on a real cluster, where the ReplicaSet and DaemonSet controllers create with generateName.
 */
final class GeneratedNames {
  /** The characters the apiserver's generateName suffixes are made of (no vowels, no look-alikes). */
  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private GeneratedNames() {}

  /** {@code owner} and a random five-character suffix no name in {@code taken} has; the name is added to {@code taken}. */
  static String free(String owner, Set<String> taken) {
    while (true) {
      StringBuilder name = new StringBuilder(owner).append('-');
      for (int i = 0; i < 5; i++) {
        name.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
      }
      if (taken.add(name.toString())) {
        return name.toString();
      }
    }
  }
}
