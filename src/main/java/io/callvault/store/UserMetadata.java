package io.callvault.store;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Guards S3 user metadata: keys are lower-case ASCII tokens, values printable ASCII, the whole fits
 * S3's 2 KB limit, and no value looks like a phone number (personal data never goes into metadata).
 */
public final class UserMetadata {

    /** S3's limit on user metadata (keys plus values, UTF-8 bytes). */
    public static final int MAX_TOTAL_BYTES = 2048;

    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Pattern PRINTABLE_ASCII = Pattern.compile("[\\x20-\\x7E]*");
    /** A free-standing run of 7+ digits (a phone number), not digits inside a hex digest or an id. */

    private UserMetadata() {
    }

    /**
     * Checks {@code metadata}; throws {@link IllegalArgumentException} naming the offending key
     * (never echoing the value, which may be personal data).
     */
    public static void validate(Map<String, String> metadata) {
        if (metadata == null) {
            return;
        }
        int total = 0;
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            if (key == null || !KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("S3 user metadata key '" + printable(key)
                        + "' is invalid: use lower-case ASCII letters, digits, '.', '_' or '-', starting with a letter or digit");
            }
            if (value == null) {
                throw new IllegalArgumentException("S3 user metadata '" + key + "' has no value");
            }
            if (!PRINTABLE_ASCII.matcher(value).matches()) {
                throw new IllegalArgumentException("S3 user metadata '" + key
                        + "' must be printable ASCII (S3 user metadata is sent as HTTP headers)");
            }
            if (io.callvault.privacy.PersonalData.looksLikePhoneNumber(value)) {
                throw new IllegalArgumentException("S3 user metadata '" + key
                        + "' looks like it holds a phone number (a run of 7 or more digits); personal data must not go"
                        + " into object metadata: use an opaque id instead");
            }
            total += key.getBytes(StandardCharsets.UTF_8).length + value.getBytes(StandardCharsets.UTF_8).length;
        }
        if (total > MAX_TOTAL_BYTES) {
            throw new IllegalArgumentException("S3 user metadata is " + total + " bytes; S3 allows at most "
                    + MAX_TOTAL_BYTES);
        }
    }

    private static String printable(String key) {
        if (key == null) {
            return "null";
        }
        String shown = key.length() > 40 ? key.substring(0, 40) + "..." : key;
        return shown.replaceAll("[^\\x20-\\x7E]", "?");
    }
}
