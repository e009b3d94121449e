package io.callvault.store;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Lets the aws2-s3 producer send the SHA-256 the hub already has: camel-aws2-s3 (4.18) passes a Content-MD5 but no
 * checksum value, so the store route hands the value over as the user metadata entry {@link #METADATA_KEY}, and this
 * interceptor of every callvault S3 client moves it into the request's {@code x-amz-checksum-sha256} before it is
 * signed. The entry is never stored as metadata.
 */
public final class UploadChecksum implements ExecutionInterceptor {
  /** The user metadata entry that carries the base64 SHA-256 of an upload's body to this interceptor. */
  static final String METADATA_KEY = "callvault-upload-sha256";

  /**
   * The metadata to give the aws2-s3 producer for a body with this digest: as it is when the upload is checked with
   * Content-MD5, else with the SHA-256 for this interceptor.
   */
  public static Map<String, String> metadataFor(Map<String, String> metadata, FileDigest digest) {
    if (digest.hasMd5()) {
      return metadata;
    }
    Map<String, String> out = new HashMap<>(metadata);
    out.put(METADATA_KEY, digest.sha256Base64());
    return out;
  }

  @Override
  public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
    if (!(context.request() instanceof PutObjectRequest put) || !put.hasMetadata()
        || !put.metadata().containsKey(METADATA_KEY)) {
      return context.request();
    }
    Map<String, String> metadata = new HashMap<>(put.metadata());
    String sha256 = metadata.remove(METADATA_KEY);
    return put.toBuilder().metadata(metadata).checksumSHA256(sha256).build();
  }
}
