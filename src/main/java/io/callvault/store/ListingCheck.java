package io.callvault.store;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * After a delete, confirms a whole run of keys gone with one listing of their prefix instead of one HEAD per key:
 * ListObjectsV2, or ListObjectVersions on a bucket that keeps versions (a key of which no version and no delete
 * marker is listed is gone). A key counts as confirmed gone only when a listing reached past its place and did not
 * show it; what the listing still shows, or did not reach, is left to the per-key check.
 *
 * <p>Relies on listings being strongly consistent with deletes, as they are on AWS S3 (since December 2020),
 * MinIO and S3Proxy. The cost is bounded: a listing that shows more than {@value #MAX_LISTED_PER_KEY} entries per
 * key of the run it covered so far (the prefix holds many other objects) stops, and the keys it did not reach are
 * checked one by one. A listing that fails confirms nothing.
 */
final class ListingCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ListingCheck.class);

    /** Entries a listing may show per key of the run it covered, before the rest of the run is checked by key. */
    static final int MAX_LISTED_PER_KEY = 10;
    /** Fewest entries asked for per page. */
    static final int MIN_PAGE = 100;
    /** Most entries S3 returns per page. */
    static final int MAX_PAGE = 1000;

    private final S3Client s3;
    private final String bucket;
    private final boolean versions;
    private final java.util.function.Consumer<String> sparse;

    /**
     * @param versions list versions and delete markers (the bucket keeps versions), not objects
     * @param sparse told the prefix of a run whose listing stopped because the prefix holds too many other objects
     */
    ListingCheck(S3Client s3, String bucket, boolean versions, java.util.function.Consumer<String> sparse) {
        this.s3 = s3;
        this.bucket = bucket;
        this.versions = versions;
        this.sparse = sparse;
    }

    /** Keys of {@code run} that the listing still shows or did not reach: these need a check of their own. */
    Set<String> unconfirmed(KeyRuns.Run run) {
        Page page = new Page(run);
        try {
            if (versions) {
                listVersions(run, page);
            } else {
                listObjects(run, page);
            }
        } catch (SdkException e) {
            LOG.debug("listing s3://{}/{} failed, its {} keys are checked one by one: {}", bucket, run.prefix(),
                    run.keys().size(), e.getMessage());
        }
        if (page.tooSparse) {
            sparse.accept(run.prefix());
        }
        Set<String> out = new HashSet<>(page.shown);
        out.addAll(page.pending);
        return out;
    }

    private void listObjects(KeyRuns.Run run, Page page) {
        String token = null;
        while (true) {
            ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket).prefix(run.prefix())
                    .maxKeys(page.size());
            if (token != null) {
                request.continuationToken(token);
            } else if (run.startAfter() != null) {
                request.startAfter(run.startAfter());
            }
            ListObjectsV2Response response = s3.listObjectsV2(request.build());
            for (S3Object o : response.contents()) {
                page.saw(o.key());
            }
            token = response.nextContinuationToken();
            if (!page.next(Boolean.TRUE.equals(response.isTruncated())) || token == null) {
                return;
            }
        }
    }

    private void listVersions(KeyRuns.Run run, Page page) {
        String keyMarker = run.startAfter();
        String versionMarker = null;
        while (true) {
            ListObjectVersionsRequest.Builder request = ListObjectVersionsRequest.builder().bucket(bucket)
                    .prefix(run.prefix()).maxKeys(page.size()).keyMarker(keyMarker).versionIdMarker(versionMarker);
            ListObjectVersionsResponse response = s3.listObjectVersions(request.build());
            for (ObjectVersion v : response.versions()) {
                page.saw(v.key());
            }
            for (DeleteMarkerEntry m : response.deleteMarkers()) {
                page.saw(m.key());
            }
            keyMarker = response.nextKeyMarker();
            versionMarker = response.nextVersionIdMarker();
            if (!page.next(Boolean.TRUE.equals(response.isTruncated())) || keyMarker == null) {
                return;
            }
        }
    }

    /** What the listing of one run has covered so far. */
    private static final class Page {
        final TreeSet<String> pending;
        final Set<String> shown = new HashSet<>();
        final int total;
        long listed;
        String last;
        boolean tooSparse;

        Page(KeyRuns.Run run) {
            pending = new TreeSet<>(run.keys());
            total = pending.size();
        }

        int size() {
            return (int) Math.min(MAX_PAGE, Math.max(MIN_PAGE, (long) MAX_LISTED_PER_KEY * pending.size()));
        }

        void saw(String key) {
            listed++;
            if (last == null || key.compareTo(last) > 0) {
                last = key;
            }
            if (pending.contains(key)) {
                shown.add(key);
            }
        }

        /**
         * Marks what the page just read covered: everything when it was the last page, else the keys up to the last
         * one listed. Answers whether to read the next page: keys are left, and the listing is not much larger than
         * what it covered.
         */
        boolean next(boolean truncated) {
            if (!truncated) {
                pending.clear();
                return false;
            }
            if (last == null) {
                return false; // a truncated page with nothing in it: no progress to rely on
            }
            pending.headSet(last, true).clear();
            long covered = total - pending.size();
            tooSparse = !pending.isEmpty() && listed > MAX_LISTED_PER_KEY * covered;
            return !pending.isEmpty() && !tooSparse;
        }
    }
}
