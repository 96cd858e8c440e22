package io.periscope.names;

import java.util.regex.Pattern;

/**
 * The syntax of Kubernetes names, as Periscope checks them before a name goes into an apiserver
 * URL path, a query or a config file. The patterns are public so a caller can build a larger one
 * from them (a resource name {@code plural.group}, a label key's prefix).
 */
public final class KubernetesNames {
  /**
   * An RFC 1123 label (namespaces, container names, cluster names): lower-case letters, digits and
   * {@code -}, starting and ending with a letter or digit, at most 63 characters.
   */
  public static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";
  /**
   * A DNS-1123 subdomain (most object names, API groups, service accounts): as a label, and
   * {@code .} too, at most 253 characters. Dots are not checked per label; the apiserver does that.
   */
  public static final String DNS_SUBDOMAIN = "[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?";

  private static final Pattern LABEL = Pattern.compile(DNS_LABEL);
  private static final Pattern SUBDOMAIN = Pattern.compile(DNS_SUBDOMAIN);

  private KubernetesNames() {}

  public static boolean isDnsLabel(String s) {
    return s != null && LABEL.matcher(s).matches();
  }

  public static boolean isDnsSubdomain(String s) {
    return s != null && SUBDOMAIN.matcher(s).matches();
  }
}
