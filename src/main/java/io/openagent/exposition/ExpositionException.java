package io.openagent.exposition;

import java.io.IOException;

/** Invalid exposition input, located by line and column (both 1-based; 0 when not applicable). */
public class ExpositionException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;
    private final String reason;

    public ExpositionException(int line, int column, String reason) {
        super(line > 0 ? "line " + line + (column > 0 ? ", column " + column : "") + ": " + reason : reason);
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The problem without its location. */
    public String reason() {
        return reason;
    }
}
