package io.periscope.resources.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.javalin.http.Context;
import io.periscope.auth.http.CurrentUser;
import io.periscope.http.RequestIds;
import io.periscope.json.Json;
import io.periscope.problem.Problem;
import io.periscope.resources.Caller;
import io.periscope.resources.Discovery;
import io.periscope.resources.ObjectAddress;
import io.periscope.resources.ResourceKind;
import java.io.IOException;

/** Path and body parsing shared by the resource handlers. */
final class Requests {
  /**
   * Request bodies take whole numbers as they are written: {@code 2.5} or {@code "2"} for
   * {@code replicas} or a rollback's {@code revision} is a 400, never 2 (Jackson's default rounded a
   * rollback to revision 1.7 down to revision 1 and rolled back).
   */
  private static final ObjectMapper BODIES = wholeNumbersAsWritten(Json.newMapper());

  private Requests() {}

  static Caller caller(Context ctx) {
    return new Caller(CurrentUser.of(ctx).principal(), RequestIds.of(ctx));
  }

  static ResourceKind kind(Context ctx, Discovery discovery) {
    return discovery.resolve(ctx.pathParam("cluster"), ctx.pathParam("group"), ctx.pathParam("version"), ctx.pathParam("plural"));
  }

  static ObjectAddress address(Context ctx, Discovery discovery) {
    return new ObjectAddress(ctx.pathParam("cluster"), kind(ctx, discovery), ctx.pathParam("namespace"), ctx.pathParam("name"));
  }

  static <T> T json(Context ctx, Class<T> type) {
    return json(ctx.body(), type);
  }

  /** A JSON request body as {@code type}; anything else is a 400 naming the problem. */
  static <T> T json(String body, Class<T> type) {
    try {
      T value = BODIES.readValue(body, type);
      if (value == null) {
        throw Problem.badRequest("the request body is empty");
      }
      return value;
    } catch (IOException e) {
      throw Problem.badRequest("the request body is not valid: " + io.periscope.json.JsonProblems.describe(e));
    }
  }

  private static ObjectMapper wholeNumbersAsWritten(ObjectMapper mapper) {
    mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    return mapper;
  }

  static boolean flag(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null || v.isEmpty() || v.equals("false")) {
      return false;
    }
    if (v.equals("true")) {
      return true;
    }
    throw Problem.badRequest(name + " must be true or false, got '" + v + "'");
  }

  static Integer intParam(Context ctx, String name) {
    String v = ctx.queryParam(name);
    try {
      return v == null || v.isEmpty() ? null : Integer.valueOf(v);
    } catch (NumberFormatException e) {
      throw Problem.badRequest(name + " must be an integer, got '" + v + "'");
    }
  }

}
