package io.callvault.retention;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningRequest;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Passes the calls ObjectStore makes to a real client (talking to S3Proxy), counting multi-object
 * deletes, and can simulate a crash of the process right after the n-th multi-object delete was
 * carried out by the server.
 */
final class DelegatingS3Client implements S3Client {
  private final S3Client real;
  final AtomicInteger deleteRequests = new AtomicInteger();
  volatile int crashAfterDeleteRequest = -1;

  DelegatingS3Client(S3Client real) {
    this.real = real;
  }

  @Override
  public DeleteObjectsResponse deleteObjects(DeleteObjectsRequest request) {
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
