package io.callvault.crypto;

import java.io.IOException;

/** A message that cannot be decrypted: wrong key, malformed, or failed integrity check. */
public class DecryptionException extends IOException {

    public DecryptionException(String message) {
        super(message);
    }

    public DecryptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
