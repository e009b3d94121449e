package io.callvault.store;

import java.time.Instant;
import java.util.Objects;

/**
 * S3 Object Lock settings for one upload: the mode and the date until which the object version cannot
 * be deleted or overwritten. The bucket must have been created with Object Lock enabled.
 *
 * @param mode governance (removable by callers with {@code s3:BypassGovernanceRetention}) or compliance
 *     (nobody, not even the root account, can remove it before {@code retainUntil})
 * @param retainUntil end of the lock
 */
public record ObjectLock(Mode mode, Instant retainUntil) {

    /** Object Lock retention modes. */
    public enum Mode { GOVERNANCE, COMPLIANCE }

    public ObjectLock {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(retainUntil, "retainUntil");
    }

    public static ObjectLock governance(Instant retainUntil) {
        return new ObjectLock(Mode.GOVERNANCE, retainUntil);
    }

    public static ObjectLock compliance(Instant retainUntil) {
        return new ObjectLock(Mode.COMPLIANCE, retainUntil);
    }
}
