package io.callvault.store;

/** An object could not be stored, read or verified. Messages name the bucket and (opaque) key. */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
