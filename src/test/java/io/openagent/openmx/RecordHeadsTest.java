package io.openagent.openmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RecordHeadsTest {
    private static String head(RecordHeads h, int lead) {
        return new String(Arrays.copyOfRange(h.bytes(), h.offset(lead), h.offset(lead) + h.length(lead)), StandardCharsets.UTF_8);
    }

    private static void put(RecordHeads h, int lead, long stamp, String head) {
        byte[] b = ("..." + head).getBytes(StandardCharsets.UTF_8);
        h.put(lead, stamp, b, 3, b.length - 3, stamp * 31);
    }

    @Test
    void aHeadIsTakenOnlyUnderItsOwnStamp() {
        RecordHeads h = new RecordHeads();
        assertFalse(h.has(0, 0), "stamp 0 is no lead");
        put(h, 0, 7, "a{x=1}");
        put(h, 3, 9, "b");
        assertTrue(h.has(0, 7) && h.has(3, 9));
        assertFalse(h.has(0, 8) || h.has(1, 7) || h.has(2, 0) || h.has(99, 7));
        assertEquals("a{x=1}", head(h, 0));
        assertEquals(9 * 31, h.hash(3));
        put(h, 0, 8, "c");
        assertFalse(h.has(0, 7), "replaced");
        assertEquals("c", head(h, 0));
        assertEquals(2, h.liveBytes());
    }

    @Test
    void leadsBeyondTheBodyAreForgottenAndWasteIsDropped() {
        RecordHeads h = new RecordHeads();
        String big = "x".repeat(3000);
        for (int i = 0; i < 10; i++) {
            put(h, i, 100 + i, i + big);
        }
        h.endParse(10);
        int held = h.bytesHeld();
        for (int round = 1; round <= 5; round++) {
            for (int i = 0; i < 4; i++) {
                put(h, i, 1000 * round + i, round + "/" + i + big); // the first four change every parse
            }
            h.endParse(6); // and the body lost its last four
            assertTrue(h.bytesHeld() <= Math.max(held, 2 * h.liveBytes() + 8192), "round " + round + ": " + h.bytesHeld());
            for (int i = 0; i < 4; i++) {
                assertEquals(round + "/" + i + big, head(h, i));
            }
            assertEquals(4 + big, head(h, 4), "kept through the rewrite");
            assertEquals(5 + big, head(h, 5));
            assertFalse(h.has(6, 106) || h.has(9, 109));
        }
        assertEquals(4 * "5/0".length() + 2 * "4".length() + 6 * big.length(), h.liveBytes());
    }
}
