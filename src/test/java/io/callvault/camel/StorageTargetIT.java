package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.catalog.CopyEntry;
import io.callvault.demo.EmbeddedS3Server;
import io.callvault.store.S3Clients;
import io.callvault.store.S3Settings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A purpose whose copies live on a second S3 server (another account or region in production): policies.yaml
 * names the target, application.properties defines it as storage.archive.*. The quality copy is stored there,
 * the others on the default target, and an erasure deletes the copy where it is.
 */
class StorageTargetIT extends HubIT {

  @Test
  void aPurposeOnASecondStorageTargetIsStoredAndErasedThereAndTheOthersStayOnTheFirst() throws Exception {
    try (EmbeddedS3Server archive = new EmbeddedS3Server(dir.resolve("s3-archive")).start()) {
      Path policies = hub.dir.resolve("policies.yaml");
      Files.writeString(policies, Files.readString(policies).replace("bucket: callvault-quality",
          "bucket: callvault-quality-archive\n    target: archive"));
      hub.overrides.put("storage.archive.endpoint", archive.endpoint().toString());
      hub.overrides.put("storage.archive.region", "eu-central-1");
      hub.overrides.put("storage.archive.access-key", archive.accessKey());
      hub.overrides.put("storage.archive.secret-key", archive.secretKey());
      hub.consentCsv("subject,training,quality\n+447700900123,granted,\n").start();

      String id = ingest("1710498801.1", TestAudio.wav(1, 21));

      assertThat(hub.hub.beans().catalog().copiesOf(id)).extracting(CopyEntry::bucket)
          .containsExactlyInAnyOrder("callvault-training", "callvault-quality-archive", "callvault-legal");
      try (S3Client first = client(hub.s3); S3Client second = client(archive)) {
        assertThat(keys(second, "callvault-quality-archive")).singleElement().asString().contains(id);
        assertThat(first.listBuckets().buckets()).noneMatch(b -> b.name().equals("callvault-quality-archive"));
        assertThat(keys(first, "callvault-training")).singleElement().asString().contains(id);
        assertThat(keys(first, "callvault-legal")).singleElement().asString().contains(id);
        assertThat(second.listBuckets().buckets()).noneMatch(b -> b.name().equals("callvault-legal"));

        HttpResponse<String> erased = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + hub.httpPort + "/api/subjects/-"))
            .header("Authorization", "Bearer dpo-token").header("X-Callvault-Subject", "+447700900123")
            .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(erased.statusCode()).isEqualTo(200);
        assertThat(keys(second, "callvault-quality-archive")).as("erased where it was stored").isEmpty();
        assertThat(keys(first, "callvault-legal")).as("kept: legal obligation").hasSize(1);
      }
    }
  }

  private static S3Client client(EmbeddedS3Server server) {
    return S3Clients.build(S3Settings.compatible(server.endpoint(), "us-east-1", server.accessKey(), server.secretKey()));
  }

  private static List<String> keys(S3Client s3, String bucket) {
    return s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().map(S3Object::key)
        .filter(k -> !k.endsWith("/")).toList();
  }
}
