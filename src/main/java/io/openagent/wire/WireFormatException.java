package io.openagent.wire;

/** Bytes that do not follow the WhaTap wire grammar: truncated, out of range or of an unknown kind. */
public class WireFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WireFormatException(String message) {
        super(message);
    }

    public WireFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
