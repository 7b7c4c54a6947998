package org.neurite.data;

/**
 * Thrown to the consumer of a {@link DataLoader} when preparing a batch failed (in a worker thread or in the caller);
 * the cause is the original exception, for example an {@link java.io.UncheckedIOException} from a dataset.
 */
public final class DataLoadingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DataLoadingException(String message, Throwable cause) {
        super(message, cause);
    }
}
