package io.openagent.exposition;

/** Receives what a parser reads, in order. */
public interface ExpositionHandler {
    /** A sample; the view is reused for the next one. */
    void sample(Sample sample) throws ExpositionException;

    /** A native histogram (protobuf exposition only). */
    default void nativeHistogram(NativeHistogram histogram) throws ExpositionException {
    }
}
