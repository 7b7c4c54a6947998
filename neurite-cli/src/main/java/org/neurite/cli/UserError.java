package org.neurite.cli;

/**
 * A mistake in what the user asked for (a missing file, a model that does not fit the data, a run folder already in
 * use): printed as one line, exit code 2. The message says what is wrong and what to do.
 */
final class UserError extends RuntimeException {
    UserError(String message) {
        super(message);
    }

    UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
