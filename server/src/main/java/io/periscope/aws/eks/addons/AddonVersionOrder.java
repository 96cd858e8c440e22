package io.periscope.aws.eks.addons;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Orders add-on versions as EKS names them ({@code v1.18.3-eksbuild.2}): by their numbers from
 * left to right, so {@code v1.9.0} comes before {@code v1.10.0} and {@code eksbuild.2} before
 * {@code eksbuild.10}.
 */
public final class AddonVersionOrder {
  private static final Pattern NUMBER = Pattern.compile("\\d+");
  public static final Comparator<String> ASCENDING = (a, b) -> compare(numbers(a), numbers(b), a, b);

  private AddonVersionOrder() {}

  private static int compare(List<Long> x, List<Long> y, String a, String b) {
    for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
      int c = Long.compare(x.get(i), y.get(i));
      if (c != 0) {
        return c;
      }
    }
    return x.size() != y.size() ? Integer.compare(x.size(), y.size()) : a.compareTo(b);
  }

  private static List<Long> numbers(String version) {
    List<Long> out = new ArrayList<>();
    Matcher m = NUMBER.matcher(version);
    while (m.find()) {
      String digits = m.group();
      out.add(digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits));
    }
    return out;
  }
}
