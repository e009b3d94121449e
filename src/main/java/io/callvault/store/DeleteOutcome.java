package io.callvault.store;

import java.util.List;
import java.util.Map;

/**
 * What {@link ObjectStore#deleteAll} achieved in one bucket.
 *
 * @param bucket the bucket
 * @param deleted keys of which no version is left (a key that was already missing counts as deleted)
 * @param failed key to the reason it could not be deleted (S3 error code, never object content)
 * @param versionsRemoved object versions and delete markers removed by version id (0 on unversioned buckets)
 * @param deleteRequests number of multi-object delete requests sent
 * @param versioning what the bucket said about versioning
 */
public record DeleteOutcome(String bucket, List<String> deleted, Map<String, String> failed, int versionsRemoved,
        int deleteRequests, Versioning versioning) {

    /** The bucket's versioning as seen by the delete. */
    public enum Versioning {
        /** Versioning enabled or suspended: every version and delete marker was listed and removed. */
        VERSIONED,
        /** Versioning never enabled: a plain delete removes the only version. */
        UNVERSIONED,
        /** The server does not implement versioning (e.g. S3Proxy answers 501): plain deletes were used. */
        NOT_SUPPORTED
    }

    public DeleteOutcome {
        deleted = List.copyOf(deleted);
        failed = Map.copyOf(failed);
    }

    public boolean allDeleted() {
        return failed.isEmpty();
    }
}
