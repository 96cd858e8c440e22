package io.periscope.problem;

/**
 * Every error code Periscope itself answers with, and its HTTP status: the {@code code} of the
 * {@code {code, message, requestId}} body. Apiserver errors keep the apiserver's own reason and
 * status (see {@link KubernetesErrors}); everything else is one of these, so a client can
 * rely on the set and the docs can list it.
 */
public enum ErrorCode {
  BAD_REQUEST(400, "bad_request"),
  INVALID_INPUT(400, "invalid_input"),
  /** EKS add-on configurationValues that do not satisfy the version's published JSON schema: nothing was sent to AWS. */
  INVALID_ADDON_CONFIGURATION(400, "invalid_addon_configuration"),
  INVALID_MANIFEST(400, "invalid_manifest"),
  UNKNOWN_CONTAINER(400, "unknown_container"),
  CALLBACK_INCOMPLETE(401, "callback_incomplete"),
  ID_TOKEN_INVALID(401, "id_token_invalid"),
  ID_TOKEN_MISSING(401, "id_token_missing"),
  IDP_ERROR(401, "idp_error"),
  LOGIN_EXPIRED(401, "login_expired"),
  LOGIN_FAILED(401, "login_failed"),
  LOGIN_STATE_MISSING(401, "login_state_missing"),
  STATE_MISMATCH(401, "state_mismatch"),
  TOKEN_EXCHANGE_FAILED(401, "token_exchange_failed"),
  TOKEN_RESPONSE_INVALID(401, "token_response_invalid"),
  UNAUTHENTICATED(401, "unauthenticated"),
  AWS_ACCESS_DENIED(403, "aws_access_denied"),
  CSRF_ORIGIN(403, "csrf_origin"),
  CSRF_TOKEN(403, "csrf_token"),
  FORBIDDEN(403, "forbidden"),
  HELM_FORBIDDEN(403, "helm_forbidden"),
  LOGIN_NOT_ALLOWED(403, "login_not_allowed"),
  NO_IDENTITY(403, "no_identity"),
  WS_ORIGIN(403, "ws_origin"),
  AWS_NOT_FOUND(404, "aws_not_found"),
  CLUSTER_NOT_FOUND(404, "cluster_not_found"),
  KEY_NOT_FOUND(404, "key_not_found"),
  NOT_FOUND(404, "not_found"),
  /** The cluster's entry names no EKS cluster: its EKS pages (upgrade readiness, add-ons) have nothing to show. */
  NOT_AN_EKS_CLUSTER(404, "not_an_eks_cluster"),
  POD_NOT_FOUND(404, "pod_not_found"),
  PORT_FORWARD_NOT_FOUND(404, "port_forward_not_found"),
  RELEASE_NOT_FOUND(404, "release_not_found"),
  REVISION_NOT_FOUND(404, "revision_not_found"),
  UNKNOWN_KIND(404, "unknown_kind"),
  METHOD_NOT_ALLOWED(405, "method_not_allowed"),
  NOT_ACCEPTABLE(406, "not_acceptable"),
  APPLY_CONFLICT(409, "apply_conflict"),
  INSPECTOR_DISABLED(409, "inspector_disabled"),
  /**
   * An apply whose manifest carries a {@code metadata.resourceVersion} the object has moved past:
   * it was written since the person read it. Not {@link #APPLY_CONFLICT}: force cannot lift it, a fresh read can.
   */
  OBJECT_CHANGED(409, "object_changed"),
  ROLLBACK_NOT_POSSIBLE(409, "rollback_not_possible"),
  /** A continue token of Periscope's list cache that can no longer be honoured: start the list again. */
  CONTINUE_EXPIRED(410, "continue_expired"),
  BODY_TOO_LARGE(413, "body_too_large"),
  CERTIFICATE_UNREADABLE(422, "certificate_unreadable"),
  HELM_RELEASE_UNDECODABLE(422, "helm_release_undecodable"),
  INVALID_CRONJOB(422, "invalid_cronjob"),
  INVALID_REPLICAS(422, "invalid_replicas"),
  INVALID_DEBUG_CONTAINER(422, "invalid_debug_container"),
  INVALID_REVISION(422, "invalid_revision"),
  MANIFEST_MISMATCH(422, "manifest_mismatch"),
  UNSUPPORTED_ACTION(422, "unsupported_action"),
  EVICTION_REFUSED(429, "eviction_refused"),
  TOO_MANY_LOGINS(429, "too_many_logins"),
  TOO_MANY_PORT_FORWARDS(429, "too_many_port_forwards"),
  TOO_MANY_STREAMS(429, "too_many_streams"),
  INTERNAL_ERROR(500, "internal_error"),
  BACKEND_NOT_AVAILABLE(501, "backend_not_available"),
  AGENT_BAD_RESPONSE(502, "agent_bad_response"),
  PORT_FORWARD_FAILED(502, "port_forward_failed"),
  AWS_CREDENTIALS_UNAVAILABLE(502, "aws_credentials_unavailable"),
  AWS_ERROR(502, "aws_error"),
  AWS_UNREACHABLE(502, "aws_unreachable"),
  CLUSTER_CONFIG_INVALID(502, "cluster_config_invalid"),
  CLUSTER_CONFIG_UNREADABLE(502, "cluster_config_unreadable"),
  CLUSTER_UNREACHABLE(502, "cluster_unreachable"),
  EKS_CLUSTER_NOT_READY(502, "eks_cluster_not_ready"),
  EKS_DESCRIBE_FAILED(502, "eks_describe_failed"),
  EKS_UNREACHABLE(502, "eks_unreachable"),
  IDP_UNREACHABLE(502, "idp_unreachable"),
  IN_CLUSTER_CREDENTIALS_UNREADABLE(502, "in_cluster_credentials_unreadable"),
  IN_CLUSTER_ENV_MISSING(502, "in_cluster_env_missing"),
  AGENT_BUSY(503, "agent_busy"),
  AGENT_CA_ROTATED(503, "agent_ca_rotated"),
  AGENT_CERTIFICATE_EXPIRED(503, "agent_certificate_expired"),
  AGENT_CERTIFICATE_REVOKED(503, "agent_certificate_revoked"),
  AGENT_DEREGISTERED(503, "agent_deregistered"),
  AGENT_DISCONNECTED(503, "agent_disconnected"),
  AGENT_IDENTITY_CONFLICT(503, "agent_identity_conflict"),
  AGENT_IDENTITY_INVALID(503, "agent_identity_invalid"),
  AGENT_IDENTITY_MISSING(503, "agent_identity_missing"),
  AGENT_TUNNEL_DISABLED(503, "agent_tunnel_disabled"),
  AWS_THROTTLED(503, "aws_throttled"),
  INTERRUPTED(503, "interrupted"),
  SPA_MISSING(503, "spa_missing"),
  AGENT_TIMEOUT(504, "agent_timeout"),
  CLUSTER_TIMEOUT(504, "cluster_timeout");

  private final int status;
  private final String code;

  ErrorCode(int status, String code) {
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  /** The wire form, e.g. {@code bad_request}. */
  public String code() {
    return code;
  }
}
