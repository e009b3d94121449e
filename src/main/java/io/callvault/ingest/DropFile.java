package io.callvault.ingest;

import java.time.ZoneId;

/**
 * A file claimed from a PBX drop.
 *
 * @param sourceId the PBX source (route template parameter {@code sourceId})
 * @param relativePath path below the drop directory, e.g. {@code 2024/03/15/in-...wav}; holds
 *     phone numbers, so it is never logged or cataloged (use {@link #ref})
 * @param pbxZone time zone the PBX writes its local times in
 * @param ref opaque, keyed reference of this file, safe for logs and the catalog
 */
public record DropFile(String sourceId, String relativePath, ZoneId pbxZone, String ref) {
}
