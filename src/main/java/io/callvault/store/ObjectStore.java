package io.callvault.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Stores files as S3 objects and proves they arrived intact.
 * Uploads stream from the file (never the whole file in heap) with a checksum the server checks on receipt
 * ({@code x-amz-checksum-sha256}, or Content-MD5 for a target set to {@code checksum: md5}), then a HEAD confirms
 * the size and the checksum where the server reports one (the stored SHA-256, or a plain single-part MD5 ETag).
 */
public final class ObjectStore {

    private static final Pattern PLAIN_MD5_ETAG = Pattern.compile("[0-9a-fA-F]{32}");

    /** The S3 client of each bucket's storage target (one client for all, unless targets differ). */
    private final java.util.function.Function<String, S3Client> clients;
    private final int minKeysPerListing;
    /**
     * Prefixes (bucket/prefix) whose last listing stopped because they hold many more objects than the run being
     * checked (a batch of keys spread over a large folder, as the ingest's hashed ids are): until when their runs
     * are checked key by key instead of listed again.
     */
    private final Map<String, Long> sparsePrefixes = new java.util.concurrent.ConcurrentHashMap<>();
    /** How long a prefix found sparse is not listed again: about one sweep. */
    static final java.time.Duration SPARSE_MEMORY = java.time.Duration.ofMinutes(10);

    /** A store whose delete checks list runs of keys (see {@link #deleteAll(String, List)}). */
    public ObjectStore(S3Client s3) {
        this(s3, true);
    }

    /**
     * @param checkDeletesByListing whether a run of keys under one prefix is confirmed deleted by a listing
     *     (needs listings that are strongly consistent with deletes); otherwise every key gets a HEAD
     */
    public ObjectStore(S3Client s3, boolean checkDeletesByListing) {
        this(bucket -> s3, checkDeletesByListing);
        Objects.requireNonNull(s3, "s3");
    }

    /**
     * A store over several storage targets: each bucket's requests go to {@code clientForBucket}'s client for it
     * (see {@link StorageTargets}).
     */
    public ObjectStore(java.util.function.Function<String, S3Client> clientForBucket, boolean checkDeletesByListing) {
        this(clientForBucket, checkDeletesByListing, bucket -> false);
    }

    /**
     * @param contentMd5ForBucket the buckets whose target is checked with Content-MD5 ({@code checksum: md5});
     *     the others get {@code x-amz-checksum-sha256}
     */
    public ObjectStore(java.util.function.Function<String, S3Client> clientForBucket, boolean checkDeletesByListing,
            java.util.function.Predicate<String> contentMd5ForBucket) {
        this.clients = Objects.requireNonNull(clientForBucket, "clientForBucket");
        this.minKeysPerListing = checkDeletesByListing ? MIN_KEYS_PER_LISTING : Integer.MAX_VALUE;
        this.contentMd5ForBucket = Objects.requireNonNull(contentMd5ForBucket, "contentMd5ForBucket");
    }

    /**
     * Whether uploads to {@code bucket} need the file's MD5 (a target set to {@code checksum: md5}, for servers that
     * do not check {@code x-amz-checksum-sha256}); otherwise the SHA-256, which the catalog keeps anyway, is the
     * checksum the server verifies, and the MD5 pass is saved.
     */
    public boolean contentMd5(String bucket) {
        return contentMd5ForBucket.test(bucket);
    }

    private final java.util.function.Predicate<String> contentMd5ForBucket;

    private S3Client s3(String bucket) {
        return clients.apply(bucket);
    }

    /**
     * Uploads {@code file} to {@code bucket}/{@code key} with {@code userMetadata} and verifies it.
     *
     * @throws IllegalArgumentException if the metadata is invalid or looks like personal data
     * @throws StoreException if the upload is refused or the stored object does not match the file
     */
    public StoredObject putVerified(String bucket, String key, Path file, Map<String, String> userMetadata) {
        return putVerified(bucket, key, file, userMetadata, (ObjectLock) null);
    }

    /**
     * Like {@link #putVerified(String, String, Path, Map)}, and writes the object with S3 Object Lock
     * ({@code lock} null means none). The bucket must have Object Lock enabled (see
     * {@link #ensureBucket(String, boolean)}).
     *
     * @throws StoreException also when the server does not support Object Lock
     */
    public StoredObject putVerified(String bucket, String key, Path file, Map<String, String> userMetadata,
            ObjectLock lock) {
        FileDigest digest;
        try {
            digest = FileDigest.of(file);
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + " to store it as s3://" + bucket + "/" + key, e);
        }
        return putVerified(bucket, key, file, userMetadata, digest, lock);
    }

    /**
     * Like {@link #putVerified(String, String, Path, Map, ObjectLock)}, with the file's digest taken while it
     * was written (see {@link FileDigest#digesting}), so the file is read once, by the upload. The server
     * checks the body against the digest's MD5, so a file that changed on disk since is refused.
     */
    public StoredObject putVerified(String bucket, String key, Path file, Map<String, String> userMetadata,
            FileDigest digest, ObjectLock lock) {
        requireName(bucket, "bucket");
        requireName(key, "key");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(digest, "digest");
        Map<String, String> metadata = userMetadata == null ? Map.of() : Map.copyOf(userMetadata);
        UserMetadata.validate(metadata);
        if (!Files.isRegularFile(file)) {
            throw new StoreException("cannot store s3://" + bucket + "/" + key + ": " + file + " is not a regular file");
        }
        return upload(bucket, key, file, metadata, digest, lock);
    }

    /** Upload with a precomputed digest; the server rejects the body if it does not match {@code digest}. */
    StoredObject putVerified(String bucket, String key, Path file, Map<String, String> metadata, FileDigest digest) {
        return putVerified(bucket, key, file, metadata, digest, null);
    }

    private StoredObject upload(String bucket, String key, Path file, Map<String, String> metadata,
            FileDigest digest, ObjectLock lock) {
        PutObjectRequest.Builder builder = PutObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .contentLength(digest.size())
                .contentType("application/octet-stream")
                .metadata(metadata);
        if (digest.hasMd5()) {
            builder.contentMD5(digest.md5Base64());
        } else {
            builder.checksumSHA256(digest.sha256Base64());
        }
        if (lock != null) {
            builder.objectLockMode(lock.mode() == ObjectLock.Mode.COMPLIANCE
                            ? ObjectLockMode.COMPLIANCE : ObjectLockMode.GOVERNANCE)
                    .objectLockRetainUntilDate(lock.retainUntil());
        }
        PutObjectRequest request = builder.build();
        try {
            s3(bucket).putObject(request, RequestBody.fromFile(file));
        } catch (S3Exception e) {
            String hint = "BadDigest".equals(errorCode(e)) ? " (the bytes received did not match the file's "
                    + (digest.hasMd5() ? "MD5)" : "SHA-256)")
                    : lock != null && notImplemented(e) ? " (this S3 server does not support Object Lock: use one"
                            + " that does, or remove object-lock from the purpose)"
                    : lock != null && "InvalidRequest".equals(errorCode(e))
                            ? " (is Object Lock enabled on the bucket? it can only be enabled when the bucket is created)"
                    : "";
            throw new StoreException("S3 refused the upload of s3://" + bucket + "/" + key + ": " + describe(e)
                    + hint, e);
        } catch (SdkException e) {
            throw new StoreException("upload of s3://" + bucket + "/" + key + " failed: " + e.getMessage(), e);
        }
        return verifyUploaded(bucket, key, digest);
    }

    /**
     * Checks, with a HEAD, that s3://bucket/key holds what was uploaded from a file with this digest: the same
     * size, and the same MD5 where the ETag is one.
     *
     * @throws StoreException when the object is missing, differs, or S3 cannot be asked
     */
    public StoredObject verifyUploaded(String bucket, String key, FileDigest digest) {
        HeadObjectResponse head;
        try {
            // the stored SHA-256 comes back only when asked for (servers that keep none, such as S3Proxy, ignore it)
            head = s3(bucket).headObject(b -> b.bucket(bucket).key(key)
                    .checksumMode(digest.hasMd5() ? null : ChecksumMode.ENABLED));
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
        if (digest.hasMd5() && etag != null && PLAIN_MD5_ETAG.matcher(etag).matches() && etagIsContentMd5(head)
                && !etag.equalsIgnoreCase(digest.md5Hex())) {
            throw new StoreException("verification of s3://" + bucket + "/" + key + " failed: the server's ETag "
                    + etag + " is not the file's MD5 " + digest.md5Hex());
        }
        if (!digest.hasMd5() && head.checksumSHA256() != null && !head.checksumSHA256().equals(digest.sha256Base64())) {
            throw new StoreException("verification of s3://" + bucket + "/" + key + " failed: the server's SHA-256 "
                    + head.checksumSHA256() + " is not the file's " + digest.sha256Base64());
        }
        return new StoredObject(bucket, key, length, etag, digest.sha256Hex());
    }

    /** Creates {@code bucket} if it does not exist yet; a bucket this account already owns is fine. */
    public void ensureBucket(String bucket) {
        ensureBucket(bucket, false);
    }

    /**
     * Creates {@code bucket} if it does not exist yet, with Object Lock (and so versioning) enabled when
     * {@code objectLock}; an existing bucket is left as it is.
     */
    public void ensureBucket(String bucket, boolean objectLock) {
        requireName(bucket, "bucket");
        try {
            s3(bucket).headBucket(b -> b.bucket(bucket));
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
            if (objectLock) {
                s3(bucket).createBucket(b -> b.bucket(bucket).objectLockEnabledForBucket(true));
            } else {
                s3(bucket).createBucket(b -> b.bucket(bucket));
            }
        } catch (BucketAlreadyOwnedByYouException e) {
            // created concurrently by us: fine
        } catch (BucketAlreadyExistsException e) {
            throw new StoreException("bucket " + bucket + " exists and belongs to another account: choose another name", e);
        } catch (SdkException e) {
            throw new StoreException("cannot create bucket " + bucket + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether {@code bucket} exists and this account may use it (HEAD bucket).
     *
     * @throws StoreException when S3 cannot answer or refuses (e.g. 403); its cause is the SDK's exception
     */
    public boolean bucketExists(String bucket) {
        requireName(bucket, "bucket");
        try {
            s3(bucket).headBucket(b -> b.bucket(bucket));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw new StoreException("cannot check bucket " + bucket + ": " + describe(e), e);
        } catch (SdkException e) {
            throw new StoreException("cannot check bucket " + bucket + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code bucket}/{@code key} exists. */
    public boolean exists(String bucket, String key) {
        requireName(bucket, "bucket");
        requireName(key, "key");
        try {
            s3(bucket).headObject(b -> b.bucket(bucket).key(key));
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
            return s3(bucket).getObject(b -> b.bucket(bucket).key(key));
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
            s3(bucket).deleteObject(b -> b.bucket(bucket).key(key));
        } catch (S3Exception e) {
            throw new StoreException("cannot delete s3://" + bucket + "/" + key + ": " + describe(e), e);
        } catch (SdkException e) {
            throw new StoreException("cannot delete s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stores a small {@code body} (an audit anchor) as a new object, never replacing one: the request carries
     * {@code If-None-Match: *}, so the server refuses it when the key exists. With {@code lock}, the object is
     * written under S3 Object Lock. Verified by a HEAD afterwards, like {@link #putVerified}.
     *
     * @throws StoreException when the key exists, the upload is refused, or the stored object differs
     */
    public StoredObject putNew(String bucket, String key, byte[] body, ObjectLock lock) {
        requireName(bucket, "bucket");
        requireName(key, "key");
        FileDigest digest = FileDigest.of(body);
        PutObjectRequest.Builder builder = PutObjectRequest.builder().bucket(bucket).key(key).ifNoneMatch("*")
                .contentLength(digest.size()).contentMD5(digest.md5Base64()).contentType("application/json");
        if (lock != null) {
            builder.objectLockMode(lock.mode() == ObjectLock.Mode.COMPLIANCE ? ObjectLockMode.COMPLIANCE
                    : ObjectLockMode.GOVERNANCE).objectLockRetainUntilDate(lock.retainUntil());
        }
        try {
            s3(bucket).putObject(builder.build(), RequestBody.fromBytes(body));
            return verify(bucket, key, digest, s3(bucket).headObject(b -> b.bucket(bucket).key(key)));
        } catch (S3Exception e) {
            throw new StoreException("S3 refused s3://" + bucket + "/" + key + ": " + describe(e)
                    + (e.statusCode() == 412 ? " (it exists already and is never overwritten)" : ""), e);
        } catch (SdkException e) {
            throw new StoreException("upload of s3://" + bucket + "/" + key + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Whether {@code bucket} has S3 Object Lock enabled. A server without Object Lock (S3Proxy) or a bucket
     * without it answers false.
     */
    public boolean objectLockEnabled(String bucket) {
        requireName(bucket, "bucket");
        try {
            var config = s3(bucket).getObjectLockConfiguration(b -> b.bucket(bucket)).objectLockConfiguration();
            return config != null && config.objectLockEnabled() == ObjectLockEnabled.ENABLED;
        } catch (S3Exception e) {
            if (notImplemented(e) || "ObjectLockConfigurationNotFoundError".equals(errorCode(e))) {
                return false;
            }
            throw new StoreException("cannot read the Object Lock configuration of bucket " + bucket + ": "
                    + describe(e) + (e.statusCode() == 403 ? " (grant s3:GetBucketObjectLockConfiguration)" : ""), e);
        } catch (SdkException e) {
            throw new StoreException("cannot read the Object Lock configuration of bucket " + bucket + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * One stored object version: {@code versionId} is null on a bucket without versioning; {@code latest} is
     * false for a version that a newer version or a delete marker hides from plain listings.
     */
    public record Version(String key, String versionId, boolean latest) {}

    /**
     * Every object under {@code prefix}, sorted by key: on a versioned bucket every version, also those hidden
     * by an overwrite or a delete marker (a delete marker does not remove an Object-Locked version).
     */
    public List<Version> listVersions(String bucket, String prefix) {
        requireName(bucket, "bucket");
        List<Version> out = new ArrayList<>();
        try {
            if (versioning(bucket) == DeleteOutcome.Versioning.VERSIONED) {
                s3(bucket).listObjectVersionsPaginator(b -> b.bucket(bucket).prefix(prefix)).versions()
                        .forEach(v -> out.add(new Version(v.key(), v.versionId(), Boolean.TRUE.equals(v.isLatest()))));
            } else {
                s3(bucket).listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()
                        .forEach(o -> out.add(new Version(o.key(), null, true)));
            }
        } catch (S3Exception e) {
            throw new StoreException("cannot list s3://" + bucket + "/" + prefix + ": " + describe(e), e);
        } catch (SdkException e) {
            throw new StoreException("cannot list s3://" + bucket + "/" + prefix + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * The content of a small object (one version of it when {@code versionId} is given).
     *
     * @throws StoreException when it cannot be read or is longer than {@code maxBytes}
     */
    public byte[] getSmall(String bucket, String key, String versionId, int maxBytes) {
        requireName(bucket, "bucket");
        requireName(key, "key");
        try (InputStream in = s3(bucket).getObject(b -> b.bucket(bucket).key(key).versionId(versionId))) {
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                throw new StoreException("s3://" + bucket + "/" + key + " is longer than " + maxBytes + " bytes");
            }
            return body;
        } catch (S3Exception e) {
            throw new StoreException("cannot read s3://" + bucket + "/" + key + ": " + describe(e), e);
        } catch (SdkException | IOException e) {
            throw new StoreException("cannot read s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /** Most keys one DeleteObjects request may name. */
    public static final int MAX_KEYS_PER_DELETE = 1000;

    /**
     * Erases {@code keys} from {@code bucket}: on a versioned (or suspended) bucket every version and delete
     * marker of each key (a delete marker alone is not erasure), otherwise the object. Uses multi-object
     * delete, at most {@value #MAX_KEYS_PER_DELETE} entries per request. Locked versions fail (reported per
     * key in the outcome) unless the lock has lapsed.
     *
     * <p>An acknowledged delete is not taken on trust: afterwards the keys are checked, a run of keys under a
     * shared prefix by one listing of that prefix (of its versions and delete markers on a bucket that keeps
     * versions), any other key, and any key a listing still shows or did not reach, with a HEAD and, on a bucket
     * that keeps versions, a listing of its versions and delete markers. Only a key of which nothing is left
     * counts as deleted (a key that never existed included); a key the server acknowledged but still serves, or
     * of which versions remain, is in {@link DeleteOutcome#failed()} with what was found.
     *
     * @throws StoreException when the bucket cannot be read or a whole request fails
     */
    public DeleteOutcome deleteAll(String bucket, List<String> keys) {
        return deleteAll(bucket, keys, false);
    }

    /**
     * Like {@link #deleteAll(String, List)}; with {@code bypassGovernance} governance-mode locks are
     * overridden (the caller needs {@code s3:BypassGovernanceRetention}). Compliance locks never are.
     */
    public DeleteOutcome deleteAll(String bucket, List<String> keys, boolean bypassGovernance) {
        requireName(bucket, "bucket");
        Objects.requireNonNull(keys, "keys");
        List<String> unique = new ArrayList<>(new LinkedHashSet<>(keys));
        unique.forEach(k -> requireName(k, "key"));
        if (unique.isEmpty()) {
            return new DeleteOutcome(bucket, List.of(), Map.of(), 0, 0, DeleteOutcome.Versioning.UNVERSIONED);
        }
        DeleteOutcome.Versioning versioning = versioning(bucket);
        List<ObjectIdentifier> targets = new ArrayList<>();
        for (String key : unique) {
            if (versioning.keepsVersions()) {
                targets.addAll(versionsOf(bucket, key).all());
            } else {
                targets.add(ObjectIdentifier.builder().key(key).build());
            }
        }
        List<List<ObjectIdentifier>> chunks = slices(targets, MAX_KEYS_PER_DELETE);
        Map<String, String> failed = new LinkedHashMap<>();
        int versionsRemoved = sendDeletes(bucket, chunks, bypassGovernance, failed);
        if (!versioning.keepsVersions()) {
            versionsRemoved = 0;
        }
        List<String> acknowledged = unique.stream().filter(k -> !failed.containsKey(k)).toList();
        failed.putAll(leftAfterDelete(bucket, acknowledged, versioning));
        List<String> deleted = unique.stream().filter(k -> !failed.containsKey(k)).toList();
        return new DeleteOutcome(bucket, deleted, failed, versionsRemoved, chunks.size(), versioning);
    }

    /**
     * Splits {@code items} for requests in flight at once: several smaller requests instead of one big one,
     * as the server works on several threads (S3Proxy spends 45 % of a sweep's CPU in one request thread
     * otherwise); never more than {@code max} per slice, and one slice below twice
     * {@value #MIN_KEYS_PER_PARALLEL_DELETE}. The checks after the deletes are slices of their own
     * ({@value #CHECK_PARALLELISM} at once, at least {@value #MIN_KEYS_PER_PARALLEL_CHECK} keys each): a
     * HEAD is small, and against a remote S3 its time is mostly the round trip.
     */
    private static <T> List<List<T>> slices(List<T> items, int max) {
        return slices(items, max, DELETE_PARALLELISM, MIN_KEYS_PER_PARALLEL_DELETE);
    }

    private static <T> List<List<T>> slices(List<T> items, int max, int parallelism, int minPerSlice) {
        int per = Math.min(max, Math.max(minPerSlice, (items.size() + parallelism - 1) / parallelism));
        List<List<T>> out = new ArrayList<>();
        for (int from = 0; from < items.size(); from += per) {
            out.add(items.subList(from, Math.min(items.size(), from + per)));
        }
        return out;
    }

    /**
     * Runs {@code work} once per slice, on the delete threads when there are several; answers in slice
     * order. A single slice runs on the caller's thread and its exceptions reach the caller unchanged.
     */
    private static <T, R> List<java.util.concurrent.Future<R>> inParallel(List<List<T>> slices,
            java.util.function.Function<List<T>, R> work) {
        List<java.util.concurrent.Future<R>> out = new ArrayList<>();
        for (List<T> slice : slices) {
            if (slices.size() == 1) {
                out.add(java.util.concurrent.CompletableFuture.completedFuture(work.apply(slice))); // throws as is
            } else {
                out.add(DELETES.submit(() -> work.apply(slice)));
            }
        }
        return out;
    }

    /**
     * Sends the multi-object deletes, waits for all of them and records refused keys in {@code failed};
     * returns how many entries the server accepted.
     *
     * @throws StoreException the first whole request that failed (after every request was answered)
     */
    private int sendDeletes(String bucket, List<List<ObjectIdentifier>> chunks, boolean bypassGovernance,
            Map<String, String> failed) {
        List<java.util.concurrent.Future<DeleteObjectsResponse>> responses = inParallel(chunks, chunk -> {
            DeleteObjectsRequest.Builder request = DeleteObjectsRequest.builder()
                    .bucket(bucket)
                    .delete(Delete.builder().objects(chunk).quiet(true).build());
            if (bypassGovernance) {
                request.bypassGovernanceRetention(true);
            }
            return deleteChunk(bucket, request.build(), chunk.size());
        });
        int accepted = 0;
        StoreException first = null;
        for (int i = 0; i < chunks.size(); i++) {
            DeleteObjectsResponse response;
            try {
                response = await(bucket, responses.get(i));
            } catch (StoreException e) {
                // wait for every request before answering; keys of a failed request stay for the next try
                first = first == null ? e : first;
                continue;
            }
            int errors = 0;
            for (S3Error error : response.errors()) {
                if ("NoSuchKey".equals(error.code()) || "NoSuchVersion".equals(error.code())) {
                    continue;
                }
                errors++;
                failed.merge(error.key(), error.code() == null ? "error" : error.code(), (a, b) -> a);
            }
            accepted += chunks.get(i).size() - errors;
        }
        if (first != null) {
            throw first;
        }
        return accepted;
    }

    private static <R> R await(String bucket, java.util.concurrent.Future<R> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while deleting objects from bucket " + bucket, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof StoreException se ? se
                    : new StoreException("cannot delete objects from bucket " + bucket + ": " + e.getCause(), e.getCause());
        }
    }

    /**
     * What is left of each key after its delete was acknowledged: key to a description of what was found,
     * for the keys not confirmed gone. A check that cannot be made confirms nothing.
     *
     * <p>Runs of at least {@value #MIN_KEYS_PER_LISTING} keys under a shared prefix are first listed
     * ({@link ListingCheck}, up to {@value #CHECK_PARALLELISM} listings in flight): a key that the listing reached
     * and did not show is gone. Only the keys the listing still shows or did not reach, and keys outside runs, get
     * a check of their own ({@link #leftOf}), which also says what is left.
     */
    private Map<String, String> leftAfterDelete(String bucket, List<String> keys, DeleteOutcome.Versioning versioning) {
        KeyRuns.Plan plan = KeyRuns.plan(keys, minKeysPerListing);
        ListingCheck listing = new ListingCheck(s3(bucket), bucket, versioning.keepsVersions(),
                prefix -> sparsePrefixes.put(bucket + "/" + prefix, System.nanoTime() + SPARSE_MEMORY.toNanos()));
        List<String> unconfirmed = new ArrayList<>(plan.singles());
        List<KeyRuns.Run> toList = new ArrayList<>();
        sparsePrefixes.values().removeIf(until -> until - System.nanoTime() <= 0);
        for (KeyRuns.Run run : plan.runs()) {
            Long until = sparsePrefixes.get(bucket + "/" + run.prefix());
            if (until != null && until - System.nanoTime() > 0) {
                unconfirmed.addAll(run.keys()); // its last listing stopped early: HEADs are cheaper here
            } else {
                toList.add(run);
            }
        }
        List<java.util.concurrent.Future<List<String>>> listed = inParallel(
                slices(toList, Integer.MAX_VALUE, CHECK_PARALLELISM, 1),
                runs -> runs.stream().flatMap(run -> listing.unconfirmed(run).stream()).toList());
        for (java.util.concurrent.Future<List<String>> f : listed) {
            unconfirmed.addAll(await(bucket, f));
        }
        return checkEach(bucket, unconfirmed, versioning);
    }

    /** {@link #leftOf} for each key, up to {@value #CHECK_PARALLELISM} at once. */
    private Map<String, String> checkEach(String bucket, List<String> keys, DeleteOutcome.Versioning versioning) {
        List<List<String>> slices = slices(keys, Integer.MAX_VALUE, CHECK_PARALLELISM, MIN_KEYS_PER_PARALLEL_CHECK);
        List<java.util.concurrent.Future<Map<String, String>>> checks = inParallel(slices, slice -> {
            Map<String, String> left = new LinkedHashMap<>();
            for (String key : slice) {
                String found = leftOf(bucket, key, versioning);
                if (found != null) {
                    left.put(key, found);
                }
            }
            return left;
        });
        Map<String, String> left = new LinkedHashMap<>();
        for (java.util.concurrent.Future<Map<String, String>> check : checks) {
            left.putAll(await(bucket, check));
        }
        return left;
    }

    /** What a HEAD and, on a bucket that keeps versions, a version listing find of {@code key}; null: nothing. */
    private String leftOf(String bucket, String key, DeleteOutcome.Versioning versioning) {
        try {
            s3(bucket).headObject(b -> b.bucket(bucket).key(key));
            return "still there after S3 acknowledged its deletion (a HEAD found the object)";
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                return "deletion not confirmed: the HEAD after it answered " + describe(e)
                        + (e.statusCode() == 403 ? " (grant s3:GetObject and s3:ListBucket)" : "");
            }
        } catch (SdkException e) {
            return "deletion not confirmed: the HEAD after it failed: " + e.getMessage();
        }
        if (!versioning.keepsVersions()) {
            return null;
        }
        try {
            VersionList left = versionsOf(bucket, key);
            return left.isEmpty() ? null : left.describe() + " left after S3 acknowledged their deletion ("
                    + versioning.name().toLowerCase(java.util.Locale.ROOT) + " bucket)";
        } catch (StoreException e) {
            return "deletion not confirmed: " + e.getMessage();
        }
    }

    private DeleteObjectsResponse deleteChunk(String bucket, DeleteObjectsRequest request, int size) {
        try {
            return s3(bucket).deleteObjects(request);
        } catch (S3Exception e) {
            throw new StoreException("cannot delete " + size + " objects from bucket " + bucket + ": " + describe(e), e);
        } catch (SdkException e) {
            throw new StoreException("cannot delete " + size + " objects from bucket " + bucket + ": " + e.getMessage(), e);
        }
    }

    /** Delete requests in flight at once for one {@link #deleteAll} call. */
    static final int DELETE_PARALLELISM = 4;
    /** Below this many keys per request, one request is sent rather than several. */
    static final int MIN_KEYS_PER_PARALLEL_DELETE = 100;
    /** Fewest keys under one prefix that are checked by listing the prefix rather than key by key. */
    static final int MIN_KEYS_PER_LISTING = 32;
    /** Checks (listings, HEADs) in flight at once after the deletes of one {@link #deleteAll} call. */
    static final int CHECK_PARALLELISM = 16;
    /** Keys checked one after the other by one thread, at least. */
    static final int MIN_KEYS_PER_PARALLEL_CHECK = 25;
    private static final java.util.concurrent.ExecutorService DELETES = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "callvault-s3-delete");
        t.setDaemon(true);
        return t;
    });

    /** A bucket's versioning state is asked at most once per {@link #VERSIONING_TTL_MILLIS}. */
    static final long VERSIONING_TTL_MILLIS = 60_000;

    private record KnownVersioning(DeleteOutcome.Versioning state, long at) {}

    private final java.util.Map<String, KnownVersioning> versioningByBucket = new java.util.concurrent.ConcurrentHashMap<>();

    private DeleteOutcome.Versioning versioning(String bucket) {
        long now = System.currentTimeMillis();
        KnownVersioning known = versioningByBucket.get(bucket);
        if (known != null && now - known.at() < VERSIONING_TTL_MILLIS) {
            return known.state();
        }
        DeleteOutcome.Versioning state = askVersioning(bucket);
        versioningByBucket.put(bucket, new KnownVersioning(state, now));
        return state;
    }

    private DeleteOutcome.Versioning askVersioning(String bucket) {
        GetBucketVersioningResponse response;
        try {
            response = s3(bucket).getBucketVersioning(b -> b.bucket(bucket));
        } catch (S3Exception e) {
            if (notImplemented(e)) {
                return DeleteOutcome.Versioning.NOT_SUPPORTED;
            }
            throw new StoreException("cannot read the versioning state of bucket " + bucket + ": " + describe(e)
                    + (e.statusCode() == 403 ? " (grant s3:GetBucketVersioning)" : ""), e);
        } catch (SdkException e) {
            throw new StoreException("cannot read the versioning state of bucket " + bucket + ": " + e.getMessage(), e);
        }
        BucketVersioningStatus status = response.status();
        return status == BucketVersioningStatus.ENABLED ? DeleteOutcome.Versioning.VERSIONED
                : status == BucketVersioningStatus.SUSPENDED ? DeleteOutcome.Versioning.SUSPENDED
                : DeleteOutcome.Versioning.UNVERSIONED;
    }

    /** The versions and delete markers of one key. */
    private record VersionList(List<ObjectIdentifier> versions, List<ObjectIdentifier> markers) {
        List<ObjectIdentifier> all() {
            List<ObjectIdentifier> all = new ArrayList<>(versions);
            all.addAll(markers);
            return all;
        }

        boolean isEmpty() {
            return versions.isEmpty() && markers.isEmpty();
        }

        String describe() {
            return versions.size() + (versions.size() == 1 ? " version" : " versions") + " and " + markers.size()
                    + (markers.size() == 1 ? " delete marker" : " delete markers");
        }
    }

    /** Every version and delete marker of exactly {@code key}; empty when nothing is left. */
    private VersionList versionsOf(String bucket, String key) {
        VersionList out = new VersionList(new ArrayList<>(), new ArrayList<>());
        String keyMarker = null;
        String versionMarker = null;
        while (true) {
            ListObjectVersionsRequest.Builder request = ListObjectVersionsRequest.builder().bucket(bucket).prefix(key);
            if (keyMarker != null) {
                request.keyMarker(keyMarker).versionIdMarker(versionMarker);
            }
            ListObjectVersionsResponse page;
            try {
                page = s3(bucket).listObjectVersions(request.build());
            } catch (S3Exception e) {
                throw new StoreException("cannot list the versions of s3://" + bucket + "/" + key + ": " + describe(e), e);
            } catch (SdkException e) {
                throw new StoreException("cannot list the versions of s3://" + bucket + "/" + key + ": "
                        + e.getMessage(), e);
            }
            for (ObjectVersion v : page.versions()) {
                if (key.equals(v.key())) {
                    out.versions().add(ObjectIdentifier.builder().key(key).versionId(v.versionId()).build());
                }
            }
            for (DeleteMarkerEntry m : page.deleteMarkers()) {
                if (key.equals(m.key())) {
                    out.markers().add(ObjectIdentifier.builder().key(key).versionId(m.versionId()).build());
                }
            }
            if (!Boolean.TRUE.equals(page.isTruncated())) {
                return out;
            }
            keyMarker = page.nextKeyMarker();
            versionMarker = page.nextVersionIdMarker();
            if (!key.equals(keyMarker)) { // listings are sorted by key: later pages hold other keys only
                return out;
            }
        }
    }

    private static boolean notImplemented(S3Exception e) {
        return e.statusCode() == 501 || "NotImplemented".equals(errorCode(e));
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
