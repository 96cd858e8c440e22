package io.periscope.http;

/** The JSON body of every error response. */
public record ApiError(String code, String message, String requestId) {}
