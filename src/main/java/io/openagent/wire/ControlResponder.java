package io.openagent.wire;

import java.util.Map;

/** Answers server control requests (ParamPacks from the collector). */
public interface ControlResponder {
    /** The entries to add to the response, or null when the request gets no reply (unknown ids). */
    Map<String, Value> answer(Pack.ParamPack request);

    ControlResponder NONE = request -> null;
}
