package io.callvault.api;

/** An API error, answered as RFC 9457 problem details. The detail must not hold personal data. */
public class ApiException extends RuntimeException {
  private final int status;
  private final String title;
  private final String challenge;

  public ApiException(int status, String title, String detail) {
    this(status, title, detail, status == 401 ? "Bearer realm=\"callvault\"" : null);
  }

  private ApiException(int status, String title, String detail, String challenge) {
    super(detail);
    this.status = status;
    this.title = title;
    this.challenge = challenge;
  }

  /** The {@code WWW-Authenticate} value of a 401 (RFC 9110 11.6.1): how to authenticate; null otherwise. */
  public String challenge() {
    return challenge;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public static ApiException unauthorized() {
    return new ApiException(401, "Unauthorized", "send Authorization: Bearer <token>");
  }

  /** The consent webhook's 401: its credential is the HMAC signature of the body. */
  public static ApiException badSignature(String header) {
    return new ApiException(401, "Unauthorized", "the " + header + " header does not match the body",
        "HMAC-SHA256 realm=\"callvault\", header=\"" + header + "\"");
  }

  public static ApiException payloadTooLarge(long limit) {
    return new ApiException(413, "Payload Too Large", limit == 0 ? "this endpoint takes no request body"
        : "this endpoint takes a body of at most " + limit + " bytes");
  }

  public static ApiException forbidden(String detail) {
    return new ApiException(403, "Forbidden", detail);
  }

  public static ApiException notFound(String detail) {
    return new ApiException(404, "Not Found", detail);
  }

  public static ApiException badRequest(String detail) {
    return new ApiException(400, "Bad Request", detail);
  }

  public static ApiException conflict(String detail) {
    return new ApiException(409, "Conflict", detail);
  }
}
