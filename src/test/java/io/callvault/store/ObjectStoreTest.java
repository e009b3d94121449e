package io.callvault.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;

import io.callvault.demo.EmbeddedS3Server;
import io.callvault.retention.DelegatingS3Client;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** ObjectStore against a real S3 protocol server (S3Proxy, filesystem store). */
class ObjectStoreTest {

    private static final String BUCKET = "training-copies";

    @TempDir
    static Path dir;

    private static EmbeddedS3Server server;
    private static S3Client s3;
    private static ObjectStore store;

    @BeforeAll
    static void startServer() throws IOException {
        server = new EmbeddedS3Server(dir.resolve("s3")).start();
        s3 = S3Clients.build(S3Settings.compatible(server.endpoint(), "eu-west-1", server.accessKey(), server.secretKey()));
        store = new ObjectStore(s3);
        store.ensureBucket(BUCKET);
    }

    @AfterAll
    static void stopServer() {
        if (s3 != null) {
            s3.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void multiMiBFileIsStoredVerifiedAndReadsBackIdentical() throws Exception {
        Path file = randomFile("big.pgp", 5 * 1024 * 1024 + 123, 1);

        StoredObject stored = store.putVerified(BUCKET, "rec/0001/training.pgp", file, Map.of("copy-id", "c-0001"));

        assertThat(stored.bucket()).isEqualTo(BUCKET);
        assertThat(stored.key()).isEqualTo("rec/0001/training.pgp");
        assertThat(stored.size()).isEqualTo(Files.size(file));
        assertThat(stored.sha256Hex()).isEqualTo(hex("SHA-256", file));
        assertThat(stored.etag()).isEqualToIgnoringCase(hex("MD5", file));
        try (InputStream in = store.get(BUCKET, "rec/0001/training.pgp")) {
            assertThat(sha256(in)).isEqualTo(stored.sha256Hex());
        }
    }

    @Test
    void withoutAnMd5TheUploadCarriesTheSha256AndTheServerRefusesABodyThatDoesNotMatchIt() throws Exception {
        Path file = randomFile("sha.pgp", 70_000, 7);
        FileDigest written = digestWithoutMd5(file);
        assertThat(written.hasMd5()).isFalse();

        StoredObject stored = store.putVerified(BUCKET, "rec/0007/training.pgp", file, Map.of("copy-id", "c-0007"),
                written, null);
        assertThat(stored.sha256Hex()).isEqualTo(hex("SHA-256", file));
        HeadObjectResponse head = s3.headObject(b -> b.bucket(BUCKET).key("rec/0007/training.pgp"));
        assertThat(head.metadata()).as("the checksum is a request header, not stored metadata")
                .containsExactly(Map.entry("copy-id", "c-0007"));

        byte[] changed = Files.readAllBytes(file);
        changed[100] ^= 1; // the same size, another body: only a checked checksum notices
        Files.write(file, changed);
        assertThatThrownBy(() -> store.putVerified(BUCKET, "rec/0008/training.pgp", file, Map.of(), written, null))
                .isInstanceOf(StoreException.class).hasMessageContaining("rec/0008/training.pgp");
        assertThat(store.exists(BUCKET, "rec/0008/training.pgp")).as("nothing stored").isFalse();
    }

    @Test
    void theProducersMetadataHintBecomesTheChecksumHeaderAndIsNotStored() throws Exception {
        Path file = randomFile("hint.pgp", 50_000, 9);
        FileDigest digest = digestWithoutMd5(file);
        Map<String, String> upload = UploadChecksum.metadataFor(Map.of("purpose", "quality"), digest);
        assertThat(upload).containsKey(UploadChecksum.METADATA_KEY);

        s3.putObject(b -> b.bucket(BUCKET).key("rec/0009/quality.pgp").metadata(upload),
                software.amazon.awssdk.core.sync.RequestBody.fromFile(file));
        HeadObjectResponse head = s3.headObject(b -> b.bucket(BUCKET).key("rec/0009/quality.pgp"));
        assertThat(head.metadata()).containsExactly(Map.entry("purpose", "quality"));

        Map<String, String> wrong = UploadChecksum.metadataFor(Map.of(), digestWithoutMd5(randomFile("other.pgp", 10, 3)));
        assertThatThrownBy(() -> s3.putObject(b -> b.bucket(BUCKET).key("rec/0010/quality.pgp").metadata(wrong),
                software.amazon.awssdk.core.sync.RequestBody.fromFile(file)))
                .as("a body that does not match the SHA-256 the hint carried")
                .isInstanceOf(software.amazon.awssdk.services.s3.model.S3Exception.class);
        assertThat(store.exists(BUCKET, "rec/0010/quality.pgp")).isFalse();
    }

    private static FileDigest digestWithoutMd5(Path file) throws IOException {
        FileDigest.Digesting d = FileDigest.digesting(OutputStream.nullOutputStream(), false);
        d.write(Files.readAllBytes(file));
        return d.digest();
    }

    @Test
    void userMetadataRoundTripsThroughHead() throws Exception {
        Path file = randomFile("meta.pgp", 4096, 2);
        Map<String, String> metadata = Map.of("copy-id", "c-0002", "purpose", "quality", "retain-until", "2026-09-30");

        store.putVerified(BUCKET, "rec/0002/quality.pgp", file, metadata);

        HeadObjectResponse head = s3.headObject(b -> b.bucket(BUCKET).key("rec/0002/quality.pgp"));
        assertThat(head.metadata()).containsExactlyInAnyOrderEntriesOf(metadata);
    }

    @Test
    void aDigestTakenWhileWritingTheFileIsTheFilesDigestAndVerifiesTheUpload() throws Exception {
        Path file = dir.resolve("written.pgp");
        byte[] data = new byte[300_000];
        new Random(11).nextBytes(data);
        FileDigest.Digesting digesting;
        try (OutputStream out = Files.newOutputStream(file)) {
            digesting = FileDigest.digesting(out);
            digesting.write(data, 0, 1000);
            digesting.write(data[1000]);
            digesting.write(data, 1001, data.length - 1001);
        }
        FileDigest digest = digesting.digest();

        assertThat(digest.size()).isEqualTo(data.length);
        assertThat(digest.md5()).isEqualTo(FileDigest.of(file).md5());
        assertThat(digest.sha256()).isEqualTo(FileDigest.of(file).sha256());
        StoredObject stored = store.putVerified(BUCKET, "rec/0005/training.pgp", file, Map.of(), digest, null);
        assertThat(stored.size()).isEqualTo(data.length);
        assertThat(stored.sha256Hex()).isEqualTo(digest.sha256Hex());
    }

    @Test
    void aFileChangedOnDiskAfterItsDigestWasTakenIsRefused() throws Exception {
        Path file = randomFile("changed.pgp", 50_000, 12);
        FileDigest digest = FileDigest.of(file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[25_000] ^= 0x40;
        Files.write(file, bytes);

        assertThatThrownBy(() -> store.putVerified(BUCKET, "rec/0006/training.pgp", file, Map.of(), digest, null))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("did not match");
        assertThat(store.exists(BUCKET, "rec/0006/training.pgp")).isFalse();
    }

    @Test
    void bodyThatDoesNotMatchContentMd5IsRefusedByTheServer() throws Exception {
        Path file = randomFile("corrupt.pgp", 100_000, 3);
        FileDigest real = FileDigest.of(file);
        byte[] wrongMd5 = real.md5().clone();
        wrongMd5[0] ^= 0x01;
        FileDigest claimed = new FileDigest(real.size(), wrongMd5, real.sha256());

        assertThatThrownBy(() -> store.putVerified(BUCKET, "rec/0003/legal.pgp", file, Map.of(), claimed))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("s3://" + BUCKET + "/rec/0003/legal.pgp")
                .hasMessageContaining("refused");
        assertThat(store.exists(BUCKET, "rec/0003/legal.pgp")).isFalse();
    }

    @Test
    void headReportingAnotherLengthFailsVerification() throws Exception {
        FileDigest digest = FileDigest.of(randomFile("len.pgp", 1000, 4));
        HeadObjectResponse head = HeadObjectResponse.builder()
                .contentLength(999L).eTag("\"" + digest.md5Hex() + "\"").build();

        assertThatThrownBy(() -> ObjectStore.verify(BUCKET, "k1", digest, head))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("s3://" + BUCKET + "/k1")
                .hasMessageContaining("999 bytes");
    }

    @Test
    void headReportingAnotherMd5EtagFailsVerification() throws Exception {
        FileDigest digest = FileDigest.of(randomFile("etag.pgp", 1000, 5));
        HeadObjectResponse head = HeadObjectResponse.builder()
                .contentLength(1000L).eTag("\"0123456789abcdef0123456789abcdef\"").build();

        assertThatThrownBy(() -> ObjectStore.verify(BUCKET, "k2", digest, head))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("ETag");
    }

    @Test
    void multipartOrKmsEtagIsNotTakenForAnMd5() throws Exception {
        FileDigest digest = FileDigest.of(randomFile("mp.pgp", 1000, 6));
        HeadObjectResponse multipart = HeadObjectResponse.builder()
                .contentLength(1000L).eTag("\"0123456789abcdef0123456789abcdef-3\"").build();
        HeadObjectResponse kms = HeadObjectResponse.builder()
                .contentLength(1000L).eTag("\"0123456789abcdef0123456789abcdef\"").serverSideEncryption("aws:kms").build();

        assertThat(ObjectStore.verify(BUCKET, "k3", digest, multipart).size()).isEqualTo(1000L);
        assertThat(ObjectStore.verify(BUCKET, "k3", digest, kms).sha256Hex()).isEqualTo(digest.sha256Hex());
    }

    @Test
    void ensureBucketIsIdempotent() {
        store.ensureBucket("dispute-evidence");
        store.ensureBucket("dispute-evidence");
        store.ensureBucket(BUCKET);

        assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).contains("dispute-evidence", BUCKET);
    }

    @Test
    void phoneNumberLikeMetadataIsRefusedAndNothingIsUploaded() throws Exception {
        Path file = randomFile("pii.pgp", 100, 7);

        assertThatThrownBy(() -> store.putVerified(BUCKET, "rec/0004/q.pgp", file, Map.of("caller", "+33612345678")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("caller")
                .hasMessageNotContaining("612345678");
        assertThatThrownBy(() -> store.putVerified(BUCKET, "rec/0004/q.pgp", file, Map.of("note", "call 0612345678 back")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.exists(BUCKET, "rec/0004/q.pgp")).isFalse();
    }

    @Test
    void metadataMustBeLowerCaseAsciiWithinTheS3Limit() throws Exception {
        Path file = randomFile("bad.pgp", 100, 8);

        assertThatThrownBy(() -> store.putVerified(BUCKET, "k", file, Map.of("Copy-Id", "c")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lower-case");
        assertThatThrownBy(() -> store.putVerified(BUCKET, "k", file, Map.of("agent", "Zoë")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ASCII");
        assertThatThrownBy(() -> store.putVerified(BUCKET, "k", file, Map.of("big", "x".repeat(2100))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2048");
        UserMetadata.validate(Map.of("started-at", "2024-03-15T10:22:33Z", "uniqueid-suffix", "42"));
    }

    @Test
    void deletedObjectNoLongerExists() throws Exception {
        Path file = randomFile("del.pgp", 2048, 9);
        store.putVerified(BUCKET, "rec/0005/q.pgp", file, Map.of());
        assertThat(store.exists(BUCKET, "rec/0005/q.pgp")).isTrue();

        store.delete(BUCKET, "rec/0005/q.pgp");

        assertThat(store.exists(BUCKET, "rec/0005/q.pgp")).isFalse();
        assertThatThrownBy(() -> store.get(BUCKET, "rec/0005/q.pgp"))
                .isInstanceOf(StoreException.class).hasMessageContaining("rec/0005/q.pgp");
    }

    @Test
    void aBatchIsConfirmedGoneByListingItsPrefixWhileObjectsSharingThePrefixStay() {
        DelegatingS3Client counting = new DelegatingS3Client(s3);
        ObjectStore listed = new ObjectStore(counting);
        java.util.List<String> batch = new java.util.ArrayList<>();
        java.util.List<String> others = new java.util.ArrayList<>();
        for (int i = 0; i < 240; i++) {
            String key = String.format("dense/2024/03/15/rec_%04d.wav.gpg", i);
            s3.putObject(b -> b.bucket(BUCKET).key(key), software.amazon.awssdk.core.sync.RequestBody.fromString("c"));
            (i % 2 == 0 ? batch : others).add(key);
        }

        DeleteOutcome out = listed.deleteAll(BUCKET, batch);

        assertThat(out.deleted()).containsExactlyInAnyOrderElementsOf(batch);
        assertThat(out.failed()).isEmpty();
        assertThat(counting.headRequests).as("no key needed a HEAD of its own").hasValue(0);
        assertThat(counting.listRequests).hasValue(1);
        assertThat(others).allMatch(k -> store.exists(BUCKET, k));
        assertThat(batch).noneMatch(k -> store.exists(BUCKET, k));
    }

    @Test
    void aPrefixFullOfOtherObjectsIsListedOnlyInPartAndTheRestOfTheBatchIsCheckedByHead() throws IOException {
        // 2000 objects written where S3Proxy's filesystem store keeps them (as the sweep bench seeds them)
        Path folder = dir.resolve("s3").resolve(BUCKET).resolve("sparse/2024/03/15");
        Files.createDirectories(folder);
        java.util.List<String> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            String name = String.format("rec_%04d.wav.gpg", i);
            Files.write(folder.resolve(name), new byte[] {1});
            if (i % 25 == 0) {
                batch.add("sparse/2024/03/15/" + name);
            }
        }
        DelegatingS3Client counting = new DelegatingS3Client(s3);

        DeleteOutcome out = new ObjectStore(counting).deleteAll(BUCKET, batch);

        assertThat(out.deleted()).containsExactlyInAnyOrderElementsOf(batch);
        assertThat(batch).noneMatch(k -> store.exists(BUCKET, k));
        assertThat(store.exists(BUCKET, "sparse/2024/03/15/rec_0001.wav.gpg")).isTrue();
        assertThat(counting.listRequests).as("one page per run, then HEADs").hasValue(2);
        assertThat(counting.headRequests.get()).isBetween(20, batch.size() - 2);
    }

    @Test
    void settingsRequireBothKeysAndHideTheSecret() {
        assertThatThrownBy(() -> new S3Settings(null, "eu-west-1", "AKIA", null, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new S3Settings(null, "eu-west-1", "AKIA", "s3cr3t-value", false).toString())
                .doesNotContain("s3cr3t-value");
    }

    private static Path randomFile(String name, int size, long seed) throws IOException {
        Path file = dir.resolve(name);
        Random random = new Random(seed);
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            int left = size;
            while (left > 0) {
                random.nextBytes(chunk);
                int n = Math.min(left, chunk.length);
                out.write(chunk, 0, n);
                left -= n;
            }
        }
        return file;
    }

    private static String hex(String algorithm, Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            in.transferTo(new java.security.DigestOutputStream(OutputStream.nullOutputStream(), md));
            return HexFormat.of().formatHex(md.digest());
        }
    }

    private static String sha256(InputStream in) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        in.transferTo(new java.security.DigestOutputStream(OutputStream.nullOutputStream(), md));
        return HexFormat.of().formatHex(md.digest());
    }
}
