package io.callvault.retention;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
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
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Error;

/**
 * Passes the calls ObjectStore makes to a real client (talking to S3Proxy), counting multi-object
 * deletes, HEADs and listings. It can simulate a crash of the process right after the n-th multi-object delete was
 * carried out by the server, a server that acknowledges deletes without carrying them out (a lagging
 * replica, a proxy that lies) for every key or for some, and a server that cannot be reached for deletes.
 */
public final class DelegatingS3Client implements S3Client {
  private final S3Client real;
  final AtomicInteger deleteRequests = new AtomicInteger();
  public final AtomicInteger headRequests = new AtomicInteger();
  public final AtomicInteger listRequests = new AtomicInteger();
  volatile int crashAfterDeleteRequest = -1;
  /** Answer every multi-object delete with "deleted" for each entry, and delete nothing. */
  public volatile boolean acknowledgeDeletesWithoutDeleting;
  /** Keys whose deletes are acknowledged but not carried out (the other keys of a request are deleted). */
  public final java.util.Set<String> keysNotDeleted = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** Fail every multi-object delete as an unreachable server would. */
  public volatile boolean deletesUnreachable;

  public DelegatingS3Client(S3Client real) {
    this.real = real;
  }

  @Override
  public DeleteObjectsResponse deleteObjects(DeleteObjectsRequest request) {
    if (deletesUnreachable) {
      throw SdkClientException.create("Unable to execute HTTP request: Connection refused (simulated)");
    }
    if (acknowledgeDeletesWithoutDeleting) {
      deleteRequests.incrementAndGet();
      return DeleteObjectsResponse.builder().deleted(request.delete().objects().stream()
          .map(o -> DeletedObject.builder().key(o.key()).versionId(o.versionId()).build()).toList()).build();
    }
    DeleteObjectsResponse response = keysNotDeleted.isEmpty() ? real.deleteObjects(request) : deleteSome(request);
    if (deleteRequests.incrementAndGet() == crashAfterDeleteRequest) {
      throw new IllegalStateException("simulated crash after multi-delete " + crashAfterDeleteRequest);
    }
    return response;
  }

  private DeleteObjectsResponse deleteSome(DeleteObjectsRequest request) {
    List<ObjectIdentifier> carriedOut = request.delete().objects().stream()
        .filter(o -> !keysNotDeleted.contains(o.key())).toList();
    List<S3Error> errors = carriedOut.isEmpty() ? List.of() : real.deleteObjects(request.toBuilder()
        .delete(request.delete().toBuilder().objects(carriedOut).build()).build()).errors();
    return DeleteObjectsResponse.builder().errors(errors).deleted(request.delete().objects().stream()
        .map(o -> DeletedObject.builder().key(o.key()).versionId(o.versionId()).build()).toList()).build();
  }

  @Override
  public GetBucketVersioningResponse getBucketVersioning(GetBucketVersioningRequest request) {
    return real.getBucketVersioning(request);
  }

  @Override
  public HeadObjectResponse headObject(HeadObjectRequest request) {
    headRequests.incrementAndGet();
    return real.headObject(request);
  }

  @Override
  public ListObjectsV2Response listObjectsV2(ListObjectsV2Request request) {
    listRequests.incrementAndGet();
    return real.listObjectsV2(request);
  }

  @Override
  public ListObjectVersionsResponse listObjectVersions(ListObjectVersionsRequest request) {
    listRequests.incrementAndGet();
    return real.listObjectVersions(request);
  }

  @Override
  public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
    return real.putObject(request, body);
  }

  @Override
  public String serviceName() {
    return real.serviceName();
  }

  @Override
  public void close() {}
}
