package io.periscope.testkit;

import com.nimbusds.oauth2.sdk.TokenRequest;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;

/**
 * Decides what the mock IdP puts into the tokens it issues, set by the test just before the code
 * exchange. One registered callback (rather than the mock's queue) keeps tests independent.
 */
public final class ScriptedTokenCallback implements OAuth2TokenCallback {
  private final String issuerId;
  private volatile String subject = "nobody";
  private volatile List<String> groups = List.of();
  private volatile List<String> audience;
  private volatile long expirySeconds = 3600;

  public ScriptedTokenCallback(String issuerId, String clientId) {
    this.issuerId = issuerId;
    this.audience = List.of(clientId);
  }

  public void next(String subject, List<String> groups, List<String> audience, long expirySeconds) {
    this.subject = subject;
    this.groups = List.copyOf(groups);
    this.audience = List.copyOf(audience);
    this.expirySeconds = expirySeconds;
  }

  @Override
  public String issuerId() {
    return issuerId;
  }

  @Override
  public String subject(TokenRequest request) {
    return subject;
  }

  @Override
  public String typeHeader(TokenRequest request) {
    return "JWT";
  }

  @Override
  public List<String> audience(TokenRequest request) {
    return audience;
  }

  @Override
  public Map<String, Object> addClaims(TokenRequest request) {
    return Map.of("groups", groups, "email", subject + "@example.com");
  }

  @Override
  public long tokenExpiry() {
    return expirySeconds;
  }
}
