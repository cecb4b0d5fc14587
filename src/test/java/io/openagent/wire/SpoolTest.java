package io.openagent.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import io.openagent.collector.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
    @TempDir
    Path dir;

    static PackBody pack(int i, int size) {
        byte[] tail = new byte[size];
        tail[0] = (byte) i;
        tail[size - 1] = (byte) (i >> 8);
        return new PackBody(Pack.OPENMX, i, tail);
    }

    @Test
    void appendReadCommitRewindInOrder() throws Exception {
        try (Spool s = new Spool(dir, 64L * 1024 * 1024)) {
            for (int i = 0; i < 100; i++) {
                s.append(pack(i, 100));
            }
            assertEquals(100, s.pending());
            List<Spool.Entry> read = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                read.add(s.next());
            }
            for (int i = 0; i < 5; i++) {
                s.commit(read.get(i));
            }
            s.rewind(); // the session dropped: 5..9 were not written
            assertEquals(5, s.next().pack().records(), "reading resumes after the last commit");
            assertEquals(95, s.pending());
        }
    }

    @Test
    void committedPacksLeaveMemoryAndUncommittedOnesAreReadFromItAgain() throws Exception {
        try (Spool s = new Spool(dir, 64L * 1024 * 1024)) {
            List<PackBody> appended = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                appended.add(pack(i, 100));
                s.append(appended.get(i));
            }
            List<Spool.Entry> read = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                read.add(s.next());
                assertTrue(read.get(i).pack() == appended.get(i), "a pack the sender keeps up with is read from memory");
            }
            assertEquals(10, s.inMemory(), "read is not delivered");
            for (int i = 0; i < 6; i++) {
                s.commit(read.get(i));
            }
            assertEquals(4, s.inMemory(), "delivered packs are only on disk");
            s.commit(read.get(3)); // an older entry again: nothing changes
            assertEquals(4, s.inMemory());
            s.rewind();
            Spool.Entry again = s.next();
            assertEquals(6, again.pack().records());
            assertTrue(again.pack() == appended.get(6), "a rewound reader still finds the uncommitted packs in memory");
            for (int i = 6; i < 10; i++) {
                s.commit(read.get(i));
            }
            assertEquals(0, s.inMemory());
        }
    }

    @Test
    void aKillAfterCommitsResendsAtMostTheLastSecondAndLosesNothing() throws Exception {
        Spool s = new Spool(dir, 64L * 1024 * 1024);
        for (int i = 0; i < 10; i++) {
            s.append(pack(i, 100));
        }
        s.commit(s.next()); // the first commit is written at once
        for (int i = 1; i < 6; i++) {
            s.commit(s.next()); // these within the cursor interval are not (unless this machine is very slow)
        }
        // kill -9: no close(), the segment and cursor files stay as they are
        try (Spool again = new Spool(dir, 64L * 1024 * 1024)) {
            int first = again.next().pack().records();
            assertTrue(first >= 1 && first <= 6, "resumes after a written commit, at " + first);
            int expected = first + 1;
            for (Spool.Entry e = again.next(); e != null; e = again.next()) {
                assertEquals(expected++, e.pack().records(), "in order, nothing skipped");
            }
            assertEquals(10, expected, "every pack after the commit point is still there");
        }
        s.close();
    }

    @Test
    void survivesARestartAndCutsATornRecord() throws Exception {
        try (Spool s = new Spool(dir, 64L * 1024 * 1024)) {
            for (int i = 0; i < 50; i++) {
                s.append(pack(i, 200));
            }
            for (int i = 0; i < 20; i++) {
                s.commit(s.next());
            }
        }
        // a kill -9 in the middle of an append leaves half a record
        Path seg;
        try (var files = Files.list(dir)) {
            seg = files.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
        }
        Files.write(seg, new byte[] {0, 0, 1, 0, 9, 9}, StandardOpenOption.APPEND);
        try (Spool s = new Spool(dir, 64L * 1024 * 1024)) {
            assertEquals(30, s.pending());
            assertEquals(20, s.next().pack().records());
            Spool.Entry last = null;
            for (Spool.Entry e = s.next(); e != null; e = s.next()) {
                last = e;
            }
            assertEquals(49, last.pack().records());
        }
    }

    @Test
    void theCapDropsTheOldestAndCountsThem() throws Exception {
        try (Spool s = new Spool(dir, 1)) { // the cap is raised to two segments
            int size = 64 * 1024;
            int n = (int) (3L * Spool.SEGMENT_BYTES / size);
            for (int i = 0; i < n; i++) {
                s.append(pack(i, size));
            }
            assertTrue(s.droppedPacks.get() > 0, "dropped " + s.droppedPacks.get());
            assertEquals(n, s.pending() + s.droppedPacks.get(), "every pack is either pending or counted as dropped");
            assertTrue(s.totalBytes() <= 2L * Spool.SEGMENT_BYTES + size);
            Spool.Entry first = s.next();
            assertEquals(s.droppedPacks.get(), first.pack().records(), "the oldest went first");
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void packsSpooledWhileTheCollectorIsDownArriveAfterARestartOfTheAgent() throws Exception {
        String license = SessionLoopbackTest.LICENSE;
        int port;
        try (java.net.ServerSocket ss = new java.net.ServerSocket(0)) {
            port = ss.getLocalPort();
        }
        SessionSettings settings = new SessionSettings(License.parse(license), HostList.parse("127.0.0.1:" + port, 6600), 128, 1000,
                120000, 20000, 5000, 5 * 1024 * 1024, Map.of("whatap.oname", "spool-agent")::get, k -> null);
        // collector down: packs go to disk only
        SessionClient first = new SessionClient(settings, ControlResponder.NONE, 10, null, ObjectIdentity.HostFacts.none(), new Spool(dir, 1L << 30));
        first.start();
        for (int i = 0; i < 30; i++) {
            first.send(SessionLoopbackTest.metrics(10, "s" + i));
        }
        assertEquals(30, first.outboxSize());
        first.close(); // the agent stops during the outage
        try (Collector collector = new Collector(List.of(license)).start("127.0.0.1", port)) {
            SessionClient second = new SessionClient(settings, ControlResponder.NONE, 10, null, ObjectIdentity.HostFacts.none(),
                    new Spool(dir, 1L << 30));
            try {
                second.start();
                assertTrue(collector.awaitRecords(300, 20000), "records: " + collector.records.get());
                assertTrue(second.flush(5000));
                Thread.sleep(300);
                assertEquals(300, collector.records.get(), "each spooled pack exactly once");
            } finally {
                second.close();
            }
        }
        try (Spool s = new Spool(dir, 1L << 30)) {
            assertEquals(0, s.pending(), "all delivered, nothing left");
            assertNull(s.next());
        }
    }
}
