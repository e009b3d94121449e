package io.callvault.retention;

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
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Passes the calls ObjectStore makes to a real client (talking to S3Proxy), counting multi-object
 * deletes. It can simulate a crash of the process right after the n-th multi-object delete was
 * carried out by the server, a server that acknowledges deletes without carrying them out (a lagging
 * replica, a proxy that lies), and a server that cannot be reached for deletes.
 */
public final class DelegatingS3Client implements S3Client {
  private final S3Client real;
  final AtomicInteger deleteRequests = new AtomicInteger();
  volatile int crashAfterDeleteRequest = -1;
  /** Answer every multi-object delete with "deleted" for each entry, and delete nothing. */
  public volatile boolean acknowledgeDeletesWithoutDeleting;
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
    DeleteObjectsResponse response = real.deleteObjects(request);
    if (deleteRequests.incrementAndGet() == crashAfterDeleteRequest) {
      throw new IllegalStateException("simulated crash after multi-delete " + crashAfterDeleteRequest);
    }
    return response;
  }

  @Override
  public GetBucketVersioningResponse getBucketVersioning(GetBucketVersioningRequest request) {
    return real.getBucketVersioning(request);
  }

  @Override
  public HeadObjectResponse headObject(HeadObjectRequest request) {
    return real.headObject(request);
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
