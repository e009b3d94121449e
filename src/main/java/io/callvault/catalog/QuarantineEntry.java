package io.callvault.catalog;

import java.time.Instant;

/** A drop file set aside with a reason. {@code fileRef} is an opaque hash of the path, never the path. */
public record QuarantineEntry(String fileRef, String sourceId, String reason, Instant at) {}
