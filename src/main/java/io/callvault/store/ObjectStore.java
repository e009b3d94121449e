package io.callvault.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Stores files as S3 objects and proves they arrived intact.
 * Uploads stream from the file (never the whole file in heap) with a Content-MD5 the server checks on
 * receipt, then a HEAD confirms the size and, for plain single-part objects, the MD5 ETag.
 */
public final class ObjectStore {

    private static final Pattern PLAIN_MD5_ETAG = Pattern.compile("[0-9a-fA-F]{32}");

    private final S3Client s3;

    public ObjectStore(S3Client s3) {
        this.s3 = Objects.requireNonNull(s3, "s3");
    }

    /**
     * Uploads {@code file} to {@code bucket}/{@code key} with {@code userMetadata} and verifies it.
     *
     * @throws IllegalArgumentException if the metadata is invalid or looks like personal data
     * @throws StoreException if the upload is refused or the stored object does not match the file
     */
    public StoredObject putVerified(String bucket, String key, Path file, Map<String, String> userMetadata) {
        requireName(bucket, "bucket");
        requireName(key, "key");
        Objects.requireNonNull(file, "file");
        Map<String, String> metadata = userMetadata == null ? Map.of() : Map.copyOf(userMetadata);
        UserMetadata.validate(metadata);
        if (!Files.isRegularFile(file)) {
            throw new StoreException("cannot store s3://" + bucket + "/" + key + ": " + file + " is not a regular file");
        }
        FileDigest digest;
        try {
            digest = FileDigest.of(file);
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + " to store it as s3://" + bucket + "/" + key, e);
        }
        return putVerified(bucket, key, file, metadata, digest);
    }

    /** Upload with a precomputed digest; the server rejects the body if it does not match {@code digest}. */
    StoredObject putVerified(String bucket, String key, Path file, Map<String, String> metadata, FileDigest digest) {
        PutObjectRequest request = PutObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .contentLength(digest.size())
                .contentMD5(digest.md5Base64())
                .contentType("application/octet-stream")
                .metadata(metadata)
                .build();
        try {
            s3.putObject(request, RequestBody.fromFile(file));
        } catch (S3Exception e) {
            throw new StoreException("S3 refused the upload of s3://" + bucket + "/" + key + ": " + describe(e)
                    + ("BadDigest".equals(errorCode(e)) ? " (the bytes received did not match the file's MD5)" : ""), e);
        } catch (SdkException e) {
            throw new StoreException("upload of s3://" + bucket + "/" + key + " failed: " + e.getMessage(), e);
        }
        HeadObjectResponse head;
        try {
            head = s3.headObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw new StoreException("cannot verify s3://" + bucket + "/" + key + " after upload: " + e.getMessage(), e);
        }
        return verify(bucket, key, digest, head);
    }

    /**
     * Checks a HEAD response against what was uploaded: the content length must equal the file size and
     * a plain MD5 ETag must equal the file's MD5.
     */
    static StoredObject verify(String bucket, String key, FileDigest digest, HeadObjectResponse head) {
        Long length = head.contentLength();
        if (length == null || length != digest.size()) {
            throw new StoreException("verification of s3://" + bucket + "/" + key + " failed: the server reports "
                    + length + " bytes, the file has " + digest.size());
        }
        String etag = unquote(head.eTag());
        if (etag != null && PLAIN_MD5_ETAG.matcher(etag).matches() && etagIsContentMd5(head)
                && !etag.equalsIgnoreCase(digest.md5Hex())) {
            throw new StoreException("verification of s3://" + bucket + "/" + key + " failed: the server's ETag "
                    + etag + " is not the file's MD5 " + digest.md5Hex());
        }
        return new StoredObject(bucket, key, length, etag, digest.sha256Hex());
    }

    /** Creates {@code bucket} if it does not exist yet; a bucket this account already owns is fine. */
    public void ensureBucket(String bucket) {
        requireName(bucket, "bucket");
        try {
            s3.headBucket(b -> b.bucket(bucket));
            return;
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw new StoreException("cannot check bucket " + bucket + ": " + describe(e)
                        + (e.statusCode() == 403 ? " (no access: the bucket may belong to another account)" : ""), e);
            }
        } catch (SdkException e) {
            throw new StoreException("cannot check bucket " + bucket + ": " + e.getMessage(), e);
        }
        try {
            // the SDK adds the client's region as LocationConstraint outside us-east-1
            s3.createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException e) {
            // created concurrently by us: fine
        } catch (BucketAlreadyExistsException e) {
            throw new StoreException("bucket " + bucket + " exists and belongs to another account: choose another name", e);
        } catch (SdkException e) {
            throw new StoreException("cannot create bucket " + bucket + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code bucket}/{@code key} exists. */
    public boolean exists(String bucket, String key) {
        requireName(bucket, "bucket");
        requireName(key, "key");
        try {
            s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw new StoreException("cannot check s3://" + bucket + "/" + key + ": " + describe(e), e);
        } catch (SdkException e) {
            throw new StoreException("cannot check s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /** Opens the object's content as a stream; the caller closes it. */
    public InputStream get(String bucket, String key) {
        requireName(bucket, "bucket");
        requireName(key, "key");
        try {
            return s3.getObject(b -> b.bucket(bucket).key(key));
        } catch (S3Exception e) {
            throw new StoreException("cannot read s3://" + bucket + "/" + key + ": " + describe(e), e);
        } catch (SdkException e) {
            throw new StoreException("cannot read s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the object; deleting a missing object is not an error. In a versioned bucket this only
     * adds a delete marker.
     */
    public void delete(String bucket, String key) {
        requireName(bucket, "bucket");
        requireName(key, "key");
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (S3Exception e) {
            throw new StoreException("cannot delete s3://" + bucket + "/" + key + ": " + describe(e), e);
        } catch (SdkException e) {
            throw new StoreException("cannot delete s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /** SSE-KMS and SSE-C objects have ETags that are not the MD5 of their content. */
    private static boolean etagIsContentMd5(HeadObjectResponse head) {
        ServerSideEncryption sse = head.serverSideEncryption();
        boolean kms = sse == ServerSideEncryption.AWS_KMS || sse == ServerSideEncryption.AWS_KMS_DSSE;
        return !kms && head.sseCustomerAlgorithm() == null;
    }

    private static String unquote(String etag) {
        if (etag == null) {
            return null;
        }
        String e = etag.strip();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            e = e.substring(1, e.length() - 1);
        }
        return e;
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    private static String describe(S3Exception e) {
        String code = errorCode(e);
        return (code == null ? "error" : code) + " (HTTP " + e.statusCode() + ")";
    }

    private static void requireName(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("S3 " + what + " must not be blank");
        }
    }
}
