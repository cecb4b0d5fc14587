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
    /** Whether a reader hands this object to its next parses too (the text reader does). */
    private boolean outlivesParse;
    /** What a consumer keeps about this family from one parse to the next (see {@link #tracking()}). */
    private Object tracking;

    public MetricFamily(String name) {
        this.name = SharedText.of(name);
        this.nameUtf8 = SharedText.utf8(this.name);
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
     * Whether the reader that made this family hands the same object to its next parses of the
     * same target (the text reader does; the protobuf parser makes new ones), so that what a
     * consumer keeps in {@link #tracking()} is found again.
     */
    public boolean outlivesParse() {
        return outlivesParse;
    }

    void outlivesParse(boolean b) {
        outlivesParse = b;
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
