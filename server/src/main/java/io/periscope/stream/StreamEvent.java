package io.periscope.stream;

/**
 * One message for the browser. Types: {@code ready} (watch established, with its resourceVersion),
 * {@code change} (ADDED / MODIFIED / DELETED with the object), {@code resync} (the apiserver
 * answered 410 Gone: refetch the list, the stream continues from the new resourceVersion),
 * {@code error} (this subscription stopped; the others continue).
 *
 * @param id the stream position after this event (change events only), else null
 */
public record StreamEvent(String type, String subscription, Object data, String id) {}
