package io.periscope.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * What Jetty answers by itself (a URI or headers too large, an unparsable request) in the same
 * JSON shape as every other error, {@code {code, message, requestId}}, instead of an HTML page.
 */
public final class JsonErrorHandler extends ErrorHandler {

  @Override
  protected void generateResponse(Request request, Response response, int status, String message, Throwable cause, Callback callback)
      throws IOException {
    String requestId = UUID.randomUUID().toString();
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(new HttpField("X-Request-Id", requestId));
    response.write(true, ByteBuffer.wrap(body(status, requestId)), callback);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    String requestId = UUID.randomUUID().toString();
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    fields.put(new HttpField("X-Request-Id", requestId));
    return ByteBuffer.wrap(body(status, requestId));
  }

  private static byte[] body(int status, String requestId) {
    String json = "{\"code\":\"" + code(status) + "\",\"message\":\"" + message(status) + "\",\"requestId\":\"" + requestId + "\"}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  static String code(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 413 -> "payload_too_large";
      case 414 -> "uri_too_long";
      case 431 -> "headers_too_large";
      case 500 -> "internal_error";
      case 503 -> "unavailable";
      default -> "http_" + status;
    };
  }

  /** Fixed sentences: Jetty's own reasons can carry parser internals. */
  static String message(int status) {
    return switch (status) {
      case 400 -> "the request could not be read as HTTP (malformed request line, header or URI)";
      case 404 -> "no such page";
      case 405 -> "this method is not allowed here";
      case 413 -> "the request body is too large";
      case 414 -> "the URI is too long; send large filters in a request body or split the request";
      case 431 -> "the request headers are too large (a very large cookie?); clear this site's cookies and sign in again";
      case 503 -> "the server is starting or stopping; try again shortly";
      default -> "the server could not handle this request (HTTP " + status + ")";
    };
  }
}
