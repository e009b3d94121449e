package io.callvault.store;

import java.util.List;
import java.util.Map;

/**
 * What {@link ObjectStore#deleteAll} achieved in one bucket, as checked after the deletes.
 *
 * @param bucket the bucket
 * @param deleted keys of which nothing is left: a listing of their prefix reached past them and did not show them
 *     (on a bucket that keeps versions, no version and no delete marker of them), or a HEAD found no object and,
 *     on a bucket that keeps versions, no version or delete marker was listed (a key that was already missing
 *     counts as deleted)
 * @param failed key to why it is not confirmed deleted: the S3 error code of a refused delete (e.g.
 *     {@code AccessDenied}), or what the check after an acknowledged delete found (never object content)
 * @param versionsRemoved object versions and delete markers the server accepted to remove by version id (0
 *     on buckets without versions)
 * @param deleteRequests number of multi-object delete requests sent
 * @param versioning what the bucket said about versioning
 */
public record DeleteOutcome(String bucket, List<String> deleted, Map<String, String> failed, int versionsRemoved,
        int deleteRequests, Versioning versioning) {

    /** The bucket's versioning as seen by the delete; its name is what tombstones record. */
    public enum Versioning {
        /** Versioning enabled: every version and delete marker was listed and removed by version id. */
        VERSIONED,
        /**
         * Versioning suspended: older versions stay until deleted by id, so every version and delete marker was
         * listed and removed by version id as on a versioned bucket.
         */
        SUSPENDED,
        /** Versioning never enabled: a plain delete removes the only version. */
        UNVERSIONED,
        /** The server does not implement versioning (e.g. S3Proxy answers 501): plain deletes were used. */
        NOT_SUPPORTED;

        /** Whether objects in such a bucket may have older versions and delete markers. */
        public boolean keepsVersions() {
            return this == VERSIONED || this == SUSPENDED;
        }
    }

    public DeleteOutcome {
        deleted = List.copyOf(deleted);
        failed = Map.copyOf(failed);
    }

    public boolean allDeleted() {
        return failed.isEmpty();
    }
}
