package io.periscope.http;

import io.javalin.http.Context;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Accepts a caller's {@code X-Request-Id} when it is short and printable (so it cannot inject
 * into logs), otherwise mints one; echoed on the response and put in the logging MDC.
 */
public final class RequestIds {
  public static final String HEADER = "X-Request-Id";
  private static final String ATTRIBUTE = "periscope.requestId";
  private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private RequestIds() {}

  public static String assign(Context ctx) {
    String incoming = ctx.header(HEADER);
    String id = incoming != null && ACCEPTABLE.matcher(incoming).matches() ? incoming : UUID.randomUUID().toString();
    ctx.attribute(ATTRIBUTE, id);
    ctx.header(HEADER, id);
    return id;
  }

  public static String of(Context ctx) {
    String id = ctx.attribute(ATTRIBUTE);
    return id == null ? assign(ctx) : id;
  }
}
