package io.openagent.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The eight-at-a-time byte routines answer exactly as a byte-by-byte loop does, at every length and offset. */
class ByteScanTest {

    @Test
    void lineFeedsAndQuotesAreFoundWhereTheyAre() {
        Random random = new Random(6);
        byte[] alphabet = "ab\n\"\\x\u00e9".getBytes(StandardCharsets.UTF_8);
        for (int n = 0; n < 20_000; n++) {
            byte[] b = new byte[random.nextInt(40)];
            for (int i = 0; i < b.length; i++) {
                b[i] = random.nextInt(4) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) 'a';
            }
            int from = random.nextInt(b.length + 1);
            int to = from + random.nextInt(b.length - from + 1);
            int lf = -1;
            int quote = -1;
            int quoteOrHigh = -1;
            for (int i = to - 1; i >= from; i--) {
                if (b[i] == '\n') {
                    lf = i;
                }
                if (b[i] == '"' || b[i] == '\\') {
                    quote = i;
                    quoteOrHigh = i;
                }
                if (b[i] < 0) {
                    quoteOrHigh = i;
                }
            }
            assertEquals(lf, ByteScan.indexOfLineFeed(b, from, to));
            assertEquals(quote, ByteScan.indexOfQuoteOrBackslash(b, from, to, false));
            assertEquals(quoteOrHigh, ByteScan.indexOfQuoteOrBackslash(b, from, to, true));
        }
    }
}
