package io.periscope.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.periscope.authz.Principal;
import io.periscope.config.PeriscopeConfig;
import io.periscope.problem.ErrorCode;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The relying-party side of OIDC: builds the authorization request (code + PKCE S256 + state +
 * nonce), exchanges codes, validates ID tokens against the issuer's JWKS (signature, iss, aud,
 * nonce; exp and iat by the injected clock) and refreshes. Provider metadata is fetched lazily
 * and retried, so an IdP that is down at start-up does not stop the server.
 */
public final class OidcClient {
  private static final Set<JWSAlgorithm> ACCEPTED_ALGORITHMS =
      Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.ES256, JWSAlgorithm.ES384);

  /** How far the IdP's clock may be from the server's, as the OIDC library allows by default. */
  private static final java.time.Duration CLOCK_SKEW = java.time.Duration.ofSeconds(60);

  private final PeriscopeConfig.Oidc config;
  private final URI redirectUri;
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(OidcClient.class);
  private final Clock clock;
  private volatile Provider provider;

  private record Provider(OIDCProviderMetadata metadata, IDTokenValidator validator) {}

  /**
   * What a successful code exchange or refresh yields.
   *
   * @param droppedGroups IdP groups left out because they cannot be a header value ({@link GroupNames}), escaped
   */
  public record LoginResult(Principal principal, Session.Tokens tokens, List<String> droppedGroups) {}

  public OidcClient(PeriscopeConfig.Oidc config, URI redirectUri, Clock clock) {
    this.config = config;
    this.redirectUri = redirectUri;
    this.clock = clock;
  }

  public URI authorizationUri(String state, String nonce, String codeVerifier) {
    OIDCProviderMetadata md = provider().metadata();
    return new AuthenticationRequest.Builder(
            new ResponseType(ResponseType.Value.CODE), new Scope(config.scopes().toArray(String[]::new)),
            new ClientID(config.clientId()), redirectUri)
        .endpointURI(md.getAuthorizationEndpointURI())
        .state(new State(state))
        .nonce(new Nonce(nonce))
        .codeChallenge(new CodeVerifier(codeVerifier), CodeChallengeMethod.S256)
        .build()
        .toURI();
  }

  /** Exchanges an authorization code and validates the ID token against the expected nonce. */
  public LoginResult exchange(String code, String codeVerifier, String expectedNonce) {
    AuthorizationGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri, new CodeVerifier(codeVerifier));
    OIDCTokens tokens = requestTokens(grant);
    return validated(tokens, new Nonce(expectedNonce), Optional.empty());
  }

  /** Uses a refresh token; the IdP may rotate it. Throws when the IdP refuses (session must end). */
  public LoginResult refresh(String refreshToken, Principal current) {
    OIDCTokens tokens = requestTokens(new RefreshTokenGrant(new RefreshToken(refreshToken)));
    if (tokens.getIDToken() == null) {
      // Many IdPs issue no new ID token on refresh: keep the identity, extend the access token.
      Instant expiry = clock.instant().plusSeconds(tokens.getAccessToken().getLifetime() > 0 ? tokens.getAccessToken().getLifetime() : 300);
      Optional<String> rt = Optional.ofNullable(tokens.getRefreshToken()).map(RefreshToken::getValue).or(() -> Optional.of(refreshToken));
      return new LoginResult(current, new Session.Tokens("", rt, expiry), List.of());
    }
    LoginResult refreshed = validated(tokens, null, Optional.of(refreshToken));
    if (!refreshed.principal().subject().equals(current.subject())) {
      // OIDC Core 12.2: a refreshed ID token is about the same End-User. Another subject here (an IdP
      // mix-up, a refresh token that is not this session's) must not take over the session.
      throw new OidcLoginException(ErrorCode.ID_TOKEN_INVALID, "the refreshed ID token is for another subject than the session's");
    }
    return refreshed;
  }

  /** RP-initiated logout URI when the IdP advertises an end-session endpoint. */
  public Optional<URI> endSessionUri(String idTokenHint, URI postLogoutRedirect) {
    URI endpoint = provider().metadata().getEndSessionEndpointURI();
    if (endpoint == null) {
      return Optional.empty();
    }
    try {
      JWT hint = idTokenHint == null || idTokenHint.isEmpty() ? null : com.nimbusds.jwt.JWTParser.parse(idTokenHint);
      return Optional.of(new LogoutRequest(endpoint, hint, postLogoutRedirect, null).toURI());
    } catch (java.text.ParseException e) {
      return Optional.of(new LogoutRequest(endpoint, null, postLogoutRedirect, null).toURI());
    }
  }

  private OIDCTokens requestTokens(AuthorizationGrant grant) {
    OIDCProviderMetadata md = provider().metadata();
    ClientID clientId = new ClientID(config.clientId());
    TokenRequest request = config.clientSecret() == null
        ? new TokenRequest(md.getTokenEndpointURI(), clientId, grant)
        : new TokenRequest(md.getTokenEndpointURI(), (ClientAuthentication) new ClientSecretBasic(clientId, new Secret(config.clientSecret())), grant);
    try {
      var response = OIDCTokenResponseParser.parse(request.toHTTPRequest().send());
      if (!response.indicatesSuccess()) {
        var error = response.toErrorResponse().getErrorObject();
        throw new OidcLoginException(ErrorCode.TOKEN_EXCHANGE_FAILED,
            "the identity provider refused the token request: " + error.getCode()
                + (error.getDescription() == null ? "" : " (" + error.getDescription() + ")"));
      }
      return ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
    } catch (IOException e) {
      throw new OidcLoginException(ErrorCode.IDP_UNREACHABLE, "cannot reach the identity provider's token endpoint", e);
    } catch (ParseException | ClassCastException e) {
      throw new OidcLoginException(ErrorCode.TOKEN_RESPONSE_INVALID, "the identity provider's token response is not a valid OIDC response", e);
    }
  }

  private LoginResult validated(OIDCTokens tokens, Nonce nonce, Optional<String> previousRefresh) {
    JWT idToken = tokens.getIDToken();
    if (idToken == null) {
      throw new OidcLoginException(ErrorCode.ID_TOKEN_MISSING, "the identity provider returned no ID token");
    }
    IDTokenClaimsSet claims;
    try {
      claims = provider().validator().validate(idToken, nonce);
    } catch (BadJOSEException e) {
      throw new OidcLoginException(ErrorCode.ID_TOKEN_INVALID, "ID token rejected: " + e.getMessage());
    } catch (JOSEException e) {
      throw new OidcLoginException(ErrorCode.ID_TOKEN_INVALID, "ID token could not be verified: " + e.getMessage());
    }
    checkTimes(claims);
    long lifetime = tokens.getAccessToken() != null && tokens.getAccessToken().getLifetime() > 0
        ? tokens.getAccessToken().getLifetime() : 300;
    Optional<String> refresh = Optional.ofNullable(tokens.getRefreshToken()).map(RefreshToken::getValue).or(() -> previousRefresh);
    if (!config.useRefreshToken()) {
      refresh = Optional.empty();
    }
    Object email = claims.getClaim(config.emailClaim());
    GroupNames.Filtered groups = GroupNames.filter(groupsOf(claims));
    if (!groups.dropped().isEmpty()) {
      log.warn("left out {} IdP group(s) of {} that cannot be sent as Impersonate-Group: {}", groups.dropped().size(),
          claims.getSubject().getValue(), groups.dropped());
    }
    Principal principal = new Principal(claims.getSubject().getValue(), email == null ? "" : email.toString(), groups.kept());
    return new LoginResult(principal, new Session.Tokens(idToken.serialize(), refresh, clock.instant().plusSeconds(lifetime)),
        groups.dropped());
  }

  /**
   * Expiry and issue time by the server's clock (the library's own checks read the JVM's clock and
   * are set aside in {@link #discover}); both claims are required, which the library has checked.
   */
  private void checkTimes(IDTokenClaimsSet claims) {
    Instant now = clock.instant();
    Instant expiry = claims.getExpirationTime().toInstant();
    Instant issued = claims.getIssueTime().toInstant();
    if (!now.isBefore(expiry.plus(CLOCK_SKEW))) {
      throw new OidcLoginException(ErrorCode.ID_TOKEN_INVALID, "ID token rejected: expired at " + expiry + " (the server's time is "
          + now + ")");
    }
    if (issued.isAfter(now.plus(CLOCK_SKEW))) {
      throw new OidcLoginException(ErrorCode.ID_TOKEN_INVALID, "ID token rejected: issued at " + issued + ", after the server's time "
          + now + " (are the identity provider's and the server's clocks apart?)");
    }
  }

  private List<String> groupsOf(IDTokenClaimsSet claims) {
    Object rawGroups = claims.getClaim(config.groupsClaim());
    List<String> groups = new ArrayList<>();
    if (rawGroups instanceof List<?> list) {
      list.forEach(g -> groups.add(String.valueOf(g)));
    } else if (rawGroups instanceof String s && !s.isBlank()) {
      groups.add(s);
    }
    return groups;
  }

  /** Empty when the discovery document (and so the IdP) could be loaded; else what went wrong. */
  public Optional<String> discoveryProblem() {
    try {
      provider();
      return Optional.empty();
    } catch (OidcLoginException e) {
      return Optional.of(e.getMessage());
    }
  }

  public URI issuer() {
    return config.issuer();
  }

  private Provider provider() {
    Provider p = provider;
    if (p != null) {
      return p;
    }
    synchronized (this) {
      if (provider == null) {
        provider = discover();
      }
      return provider;
    }
  }

  private Provider discover() {
    try {
      Issuer issuer = new Issuer(config.issuer().toString());
      OIDCProviderMetadata md = OIDCProviderMetadata.resolve(issuer, 5_000, 5_000);
      URL jwksUrl = md.getJWKSetURI().toURL();
      JWKSource<SecurityContext> keys = JWKSourceBuilder.create(jwksUrl).retrying(true).build();
      var selector = new JWSVerificationKeySelector<>(ACCEPTED_ALGORITHMS, keys);
      IDTokenValidator validator = new IDTokenValidator(md.getIssuer(), new ClientID(config.clientId()), selector, null);
      // The library judges exp and iat by the JVM's clock; checkTimes judges them by the server's Clock instead.
      validator.setMaxClockSkew(Integer.MAX_VALUE);
      return new Provider(md, validator);
    } catch (Exception e) {
      throw new OidcLoginException(ErrorCode.IDP_UNREACHABLE,
          "cannot load OIDC discovery from " + config.issuer() + ": " + e.getClass().getSimpleName());
    }
  }
}
