package io.callvault.store;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningRequest;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Just enough S3 for ObjectStore, in memory, for what S3Proxy does not implement: versions and delete
 * markers per key (one bucket namespace), paginated version listings (two entries a page) and object listings
 * (start-after, continuation, max-keys), multi-delete, governance locks, a server that acknowledges deletes of
 * some keys without performing them (a lagging replica, say), and one that refuses listings.
 */
public final class FakeS3 implements S3Client {
  final BucketVersioningStatus status;
  final TreeMap<String, List<String[]>> versions = new TreeMap<>(); // key -> [versionId, "dm"|""], oldest first
  final List<String> locked = new ArrayList<>();
  final List<ObjectIdentifier> deletedIds = new ArrayList<>();
  final List<Integer> requestSizes = new ArrayList<>();
  final List<Boolean> bypassSeen = new ArrayList<>();
  final List<PutObjectRequest> puts = new ArrayList<>();
  final Map<String, Long> sizes = new LinkedHashMap<>();
  /** Keys whose deletes are acknowledged but not carried out. */
  public final Set<String> stubborn = new HashSet<>();
  boolean versioningNotImplemented;
  boolean lockNotImplemented;
  /** Listings (of objects or versions) answer 403 AccessDenied. */
  boolean listingDenied;
  int listRequests;
  int listObjectsRequests;
  /** Keys asked by HEAD, in order. */
  final List<String> heads = new ArrayList<>();
  private int nextVersion;

  /** @param status ENABLED, SUSPENDED, or null for a bucket that never had versioning */
  public FakeS3(BucketVersioningStatus status) {
    this.status = status;
  }

  /** Adds a version (or a delete marker) of {@code key} as the newest. */
  public synchronized void put(String key, String versionId, boolean deleteMarker) {
    versions.computeIfAbsent(key, k -> new ArrayList<>()).add(new String[] {versionId, deleteMarker ? "dm" : ""});
  }

  /** Version ids (delete markers included) the bucket holds of {@code key}, oldest first. */
  public synchronized List<String> versionsOf(String key) {
    return versions.getOrDefault(key, List.of()).stream().map(v -> v[0]).toList();
  }

  @Override
  public GetBucketVersioningResponse getBucketVersioning(GetBucketVersioningRequest r) {
    if (versioningNotImplemented) {
      throw notImplemented();
    }
    return GetBucketVersioningResponse.builder().status(status).build();
  }

  @Override
  public synchronized ListObjectVersionsResponse listObjectVersions(ListObjectVersionsRequest r) {
    listRequests++;
    if (listingDenied) {
      throw accessDenied();
    }
    List<String[]> flat = new ArrayList<>(); // key, versionId, dm
    versions.forEach((k, vs) -> {
      if (k.startsWith(r.prefix())) {
        vs.forEach(v -> flat.add(new String[] {k, v[0], v[1]}));
      }
    });
    int from = 0;
    if (r.keyMarker() != null && r.versionIdMarker() == null) { // after every version of the key marker
      while (from < flat.size() && flat.get(from)[0].compareTo(r.keyMarker()) <= 0) {
        from++;
      }
    } else if (r.keyMarker() != null) {
      for (int i = 0; i < flat.size(); i++) {
        if (flat.get(i)[0].equals(r.keyMarker()) && flat.get(i)[1].equals(r.versionIdMarker())) {
          from = i + 1;
        }
      }
    }
    int to = Math.min(flat.size(), from + 2);
    ListObjectVersionsResponse.Builder b = ListObjectVersionsResponse.builder();
    List<ObjectVersion> vs = new ArrayList<>();
    List<DeleteMarkerEntry> dms = new ArrayList<>();
    for (String[] e : flat.subList(from, to)) {
      if (e[2].equals("dm")) {
        dms.add(DeleteMarkerEntry.builder().key(e[0]).versionId(e[1]).build());
      } else {
        vs.add(ObjectVersion.builder().key(e[0]).versionId(e[1]).build());
      }
    }
    b.versions(vs).deleteMarkers(dms).isTruncated(to < flat.size());
    if (to < flat.size()) {
      b.nextKeyMarker(flat.get(to - 1)[0]).nextVersionIdMarker(flat.get(to - 1)[1]);
    }
    return b.build();
  }

  /** Current objects (newest version not a delete marker) under the prefix, after start-after or the token. */
  @Override
  public synchronized ListObjectsV2Response listObjectsV2(ListObjectsV2Request r) {
    listObjectsRequests++;
    if (listingDenied) {
      throw accessDenied();
    }
    String after = r.continuationToken() != null ? r.continuationToken() : r.startAfter();
    int max = r.maxKeys() == null ? 1000 : r.maxKeys();
    String prefix = r.prefix() == null ? "" : r.prefix();
    List<S3Object> page = new ArrayList<>();
    boolean truncated = false;
    for (Map.Entry<String, List<String[]>> e : (after == null ? versions : versions.tailMap(after, false)).entrySet()) {
      List<String[]> vs = e.getValue();
      if (!e.getKey().startsWith(prefix) || vs.isEmpty() || vs.get(vs.size() - 1)[1].equals("dm")) {
        continue;
      }
      if (page.size() == max) {
        truncated = true;
        break;
      }
      page.add(S3Object.builder().key(e.getKey()).build());
    }
    ListObjectsV2Response.Builder b = ListObjectsV2Response.builder().contents(page).keyCount(page.size())
        .isTruncated(truncated);
    if (truncated) {
      b.nextContinuationToken(page.get(page.size() - 1).key());
    }
    return b.build();
  }

  @Override
  public synchronized DeleteObjectsResponse deleteObjects(DeleteObjectsRequest r) {
    requestSizes.add(r.delete().objects().size());
    bypassSeen.add(Boolean.TRUE.equals(r.bypassGovernanceRetention()));
    List<DeletedObject> deleted = new ArrayList<>();
    List<S3Error> errors = new ArrayList<>();
    for (ObjectIdentifier id : r.delete().objects()) {
      if (id.versionId() != null && locked.contains(id.versionId()) && !Boolean.TRUE.equals(
          r.bypassGovernanceRetention())) {
        errors.add(S3Error.builder().key(id.key()).versionId(id.versionId()).code("AccessDenied").build());
        continue;
      }
      deletedIds.add(id);
      if (!stubborn.contains(id.key())) {
        remove(id);
      }
      deleted.add(DeletedObject.builder().key(id.key()).versionId(id.versionId()).build());
    }
    return DeleteObjectsResponse.builder().deleted(deleted).errors(errors).build();
  }

  private void remove(ObjectIdentifier id) {
    List<String[]> vs = versions.get(id.key());
    if (vs == null) {
      return;
    }
    if (id.versionId() == null && status == null) {
      versions.remove(id.key()); // unversioned: the only version goes
    } else if (id.versionId() == null) {
      put(id.key(), status == BucketVersioningStatus.ENABLED ? "dm" + (++nextVersion) : "null", true);
    } else {
      vs.removeIf(v -> v[0].equals(id.versionId()));
    }
    if (vs.isEmpty()) {
      versions.remove(id.key());
    }
    sizes.remove(id.key());
  }

  @Override
  public synchronized PutObjectResponse putObject(PutObjectRequest r, RequestBody body) {
    if (lockNotImplemented && r.objectLockMode() != null) {
      throw notImplemented();
    }
    puts.add(r);
    sizes.put(r.key(), r.contentLength());
    if (status == BucketVersioningStatus.ENABLED) {
      put(r.key(), "v" + (++nextVersion), false);
    } else {
      List<String[]> vs = versions.computeIfAbsent(r.key(), k -> new ArrayList<>());
      vs.removeIf(v -> v[0].equals("null"));
      vs.add(new String[] {"null", ""});
    }
    return PutObjectResponse.builder().build();
  }

  @Override
  public synchronized HeadObjectResponse headObject(HeadObjectRequest r) {
    heads.add(r.key());
    List<String[]> vs = versions.get(r.key());
    if (vs == null || vs.isEmpty() || vs.get(vs.size() - 1)[1].equals("dm")) {
      throw (S3Exception) S3Exception.builder().statusCode(404)
          .awsErrorDetails(AwsErrorDetails.builder().errorCode("NoSuchKey").build()).build();
    }
    return HeadObjectResponse.builder().contentLength(sizes.getOrDefault(r.key(), 1L)).build();
  }

  private static S3Exception accessDenied() {
    return (S3Exception) S3Exception.builder().statusCode(403)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").build()).build();
  }

  private static S3Exception notImplemented() {
    return (S3Exception) S3Exception.builder().statusCode(501)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("NotImplemented").build()).build();
  }

  @Override
  public String serviceName() {
    return "s3";
  }

  @Override
  public void close() {}
}
