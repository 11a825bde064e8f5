package io.gigaslack.store;

/** A database error the store could not handle; wraps the {@link java.sql.SQLException}. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
