package io.callvault.health;

import java.time.Instant;

/**
 * What is known of one dependency (S3, the catalog database...): up or down, since when, and when down,
 * why and what to check. A health check reports these as they are.
 *
 * @param name the dependency, e.g. {@code s3}
 * @param up whether its last check succeeded
 * @param since when it last changed from up to down or back (its first check, at first)
 * @param detail when down: what failed and what to check (a configuration key, never a secret); null when up
 * @param checkedAt when it was last checked
 */
public record DependencyState(String name, boolean up, Instant since, String detail, Instant checkedAt) {}
