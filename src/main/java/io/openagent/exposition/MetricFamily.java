package io.openagent.exposition;

/**
 * What an exposition says about one metric family: its name and the optional HELP, TYPE and UNIT.
 * Samples point at it. A text reader reuses a target's families from one parse to the next
 * ({@link #begin}), so a family describes the latest parse that met it.
 */
public final class MetricFamily {
    private final String name;
    private final byte[] nameUtf8;
    private String help;
    private MetricType type = MetricType.UNKNOWN;
    private boolean typeDeclared;
    private String unit;
    private int samples;
    private int generation;
    /** The HELP text as it stood on the line (escaped) at the last parse that had one, and what it meant. */
    private byte[] helpLine;
    private boolean helpLineOpenMetrics;
    private String helpOfLine;
    /** What a consumer keeps about this family from one parse to the next (see {@link #tracking()}). */
    private Object tracking;

    public MetricFamily(String name) {
        this.name = name;
        this.nameUtf8 = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Starts describing the parse numbered {@code g}: nothing known yet but the name. */
    void begin(int g) {
        generation = g;
        help = null;
        type = MetricType.UNKNOWN;
        typeDeclared = false;
        unit = null;
        samples = 0;
    }

    int generation() {
        return generation;
    }

    byte[] nameUtf8() {
        return nameUtf8;
    }

    public String name() {
        return name;
    }

    /** The HELP text, or null when the exposition has none. */
    public String help() {
        return help;
    }

    public MetricType type() {
        return type;
    }

    /** Whether a TYPE line (or the protobuf type field) declared the type. */
    public boolean typeDeclared() {
        return typeDeclared;
    }

    /** The UNIT (OpenMetrics), or null. */
    public String unit() {
        return unit;
    }

    /** Whether the family has any metadata worth an OpenMxHelp record. */
    public boolean hasMetadata() {
        return help != null || typeDeclared || unit != null;
    }

    public int samples() {
        return samples;
    }

    void help(String text) {
        help = text;
    }

    /**
     * The help text of an earlier parse whose HELP line read exactly {@code b[from, to)} in the same
     * format, or null: a target's next scrape mostly repeats its HELP lines byte for byte.
     */
    String helpOfSameLine(byte[] b, int from, int to, boolean openMetrics) {
        byte[] line = helpLine;
        if (line == null || helpLineOpenMetrics != openMetrics || line.length != to - from
                || !java.util.Arrays.equals(line, 0, line.length, b, from, to)) {
            return null;
        }
        return helpOfLine;
    }

    /** Remembers the HELP line {@code b[from, to)} that meant {@code text}. */
    void rememberHelpLine(byte[] b, int from, int to, boolean openMetrics, String text) {
        helpLine = java.util.Arrays.copyOfRange(b, from, to);
        helpLineOpenMetrics = openMetrics;
        helpOfLine = text;
    }

    /**
     * A slot for the consumer of parses (the OpenMx converter keeps what it last sent for this
     * family here). A text reader hands the same family object to the next parse of the same
     * target, so the slot outlives one parse; other parsers start with it empty.
     */
    public Object tracking() {
        return tracking;
    }

    public void tracking(Object state) {
        tracking = state;
    }

    void type(MetricType t) {
        type = t;
        typeDeclared = true;
    }

    void unit(String u) {
        unit = u;
    }

    void countSample() {
        samples++;
    }

    @Override
    public String toString() {
        return "MetricFamily[" + name + ", " + type + (help != null ? ", help" : "") + (unit != null ? ", unit=" + unit : "")
                + ", samples=" + samples + "]";
    }
}
