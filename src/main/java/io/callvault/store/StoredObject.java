package io.callvault.store;

/**
 * An object that was uploaded and verified.
 *
 * @param bucket bucket name
 * @param key object key (opaque)
 * @param size size in bytes, as confirmed by the server
 * @param etag ETag reported by the server, without quotes
 * @param sha256Hex SHA-256 of the uploaded file (lower-case hex), computed locally while streaming it
 */
public record StoredObject(String bucket, String key, long size, String etag, String sha256Hex) {
}
