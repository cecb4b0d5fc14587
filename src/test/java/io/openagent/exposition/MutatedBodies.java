package io.openagent.exposition;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Random;

/** Bodies for the differential tests: fixtures changed the ways that make a remembered parse stop matching. */
public final class MutatedBodies {
    private MutatedBodies() {
    }

    /** The name under which {@link Scrapes} takes {@link #manyLabels()} among the fixtures. */
    public static final String MANY_LABELS = "many labels";

    /**
     * What a target serves scrape after scrape, for the differential tests: mostly the same body
     * again, often the body {@link #mutate mutated}, sometimes another of the fixtures (in its own
     * format) and, when {@code formatFlips}, sometimes the same bytes read in the other format.
     */
    public static final class Scrapes {
        private final Random random;
        private final String[] names;
        private final byte[][] fixtures;
        private final boolean formatFlips;
        private byte[] body;
        private ExpositionFormat format = ExpositionFormat.PROMETHEUS_TEXT;

        public Scrapes(Random random, boolean formatFlips, String... names) throws IOException {
            this.random = random;
            this.names = names;
            this.formatFlips = formatFlips;
            fixtures = new byte[names.length][];
            for (int i = 0; i < names.length; i++) {
                fixtures[i] = names[i].equals(MANY_LABELS) ? manyLabels() : Files.readAllBytes(io.openagent.SharedFiles.fixture(names[i]));
            }
            body = fixtures[0];
        }

        /** On to the next scrape's body. */
        public void next() {
            int dice = random.nextInt(10);
            if (dice < 2) {
                int i = random.nextInt(fixtures.length);
                body = fixtures[i];
                format = names[i].contains(".om.") ? ExpositionFormat.OPENMETRICS : ExpositionFormat.PROMETHEUS_TEXT;
            } else if (dice < 5) {
                body = mutate(body, random);
            } else if (dice == 5 && formatFlips) {
                format = format == ExpositionFormat.OPENMETRICS ? ExpositionFormat.PROMETHEUS_TEXT : ExpositionFormat.OPENMETRICS;
            } // else: the same body again, the common case
        }

        public byte[] body() {
            return body;
        }

        public ExpositionFormat format() {
            return format;
        }
    }

    /**
     * A fixture changed around its metadata lines or its series: what makes the previous parse's
     * metadata or series stop matching.
     */
    public static byte[] mutate(byte[] fixture, java.util.Random random) {
        List<String> lines = new java.util.ArrayList<>(List.of(new String(fixture, StandardCharsets.UTF_8).split("\n", -1)));
        List<Integer> meta = new java.util.ArrayList<>();
        List<Integer> series = new java.util.ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("# ")) {
                meta.add(i);
            } else if (lines.get(i).contains("{")) {
                series.add(i);
            }
        }
        if (random.nextInt(4) == 0) {
            // Any sample line, bare names too: what makes a remembered lead only look like the line.
            List<Integer> samples = new java.util.ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).startsWith("#") && !lines.get(i).isEmpty()) {
                    samples.add(i);
                }
            }
            if (!samples.isEmpty()) {
                int at = samples.get(random.nextInt(samples.size()));
                String line = lines.get(at);
                int blank = line.lastIndexOf(' ');
                switch (random.nextInt(8)) {
                    case 0 -> lines.set(at, line.substring(0, blank + 1) + "{added=\"1\"} " + line.substring(blank + 1)); // labels after a blank
                    case 1 -> lines.set(at, line.substring(0, blank) + "  \t" + line.substring(blank)); // more blanks before the value
                    case 2 -> lines.set(at, line + "\r"); // a carriage return
                    case 3 -> lines.add(at, "# just a comment"); // a comment in the lead
                    case 4 -> lines.add(at, ""); // a blank line in the lead
                    case 5 -> lines.set(at, " " + line); // a blank before the series
                    case 6 -> lines.set(at, line.substring(0, blank + 1)); // no value
                    default -> lines.set(at, line.substring(0, blank + 1) + "1 1700000000000"); // a timestamp
                }
                return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
            }
        }
        if (random.nextBoolean() && !series.isEmpty()) {
            int at = series.get(random.nextInt(series.size()));
            String line = lines.get(at);
            int brace = line.indexOf('{');
            switch (random.nextInt(9)) {
                case 0 -> lines.set(at, line.replaceFirst("=\"", "=\"x")); // a label value changed
                case 1 -> lines.set(at, line.substring(0, brace + 1) + "added=\"1\"," + line.substring(brace + 1)); // a label more
                case 2 -> lines.set(at, line.replaceFirst("=\"", "=\"\\\\\\n")); // escapes in a value
                case 3 -> lines.set(at, line.replaceFirst("=\"", "=\"와탭")); // non-ASCII in a value
                case 4 -> lines.set(at, line.substring(0, brace + 1) + "dup=\"1\",dup=\"2\"," + line.substring(brace + 1)); // an error
                case 5 -> lines.add(random.nextInt(lines.size()), lines.remove(at)); // a series moved
                case 6 -> lines.set(at, line.substring(0, brace) + " " + line.substring(brace)); // a blank before the labels
                case 7 -> lines.set(at, "{\"" + line.substring(0, brace) + "\"," + line.substring(brace + 1)); // the name quoted
                default -> lines.set(at, line.substring(0, line.lastIndexOf('}') + 1) + " 42"); // only the value changed
            }
            return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
        }
        int at = meta.isEmpty() ? 0 : meta.get(random.nextInt(meta.size()));
        int any = random.nextInt(Math.max(1, lines.size() - 1));
        switch (random.nextInt(8)) {
            case 0 -> lines.remove(at); // a metadata line fewer
            case 1 -> lines.add(at, lines.get(at)); // the same line twice: an error
            case 2 -> lines.set(at, lines.get(at) + " changed"); // new help text (or an invalid type)
            case 3 -> lines.add(0, "# HELP brand_new A family that was not there.\n# TYPE brand_new gauge\nbrand_new 1");
            case 4 -> lines.add(any, lines.remove(at)); // metadata moved, possibly after its samples
            case 5 -> lines.subList(at, lines.size()).clear(); // cut short
            case 6 -> { // another type for the family: what its later samples resolve to changes
                String[] types = {"counter", "gauge", "histogram", "summary", "untyped"};
                String line = lines.get(at);
                for (String t : types) {
                    if (line.startsWith("# TYPE ") && line.endsWith(" " + t)) {
                        lines.set(at, line.substring(0, line.length() - t.length()) + types[random.nextInt(types.length)]);
                    }
                }
            }
            default -> lines.set(at, lines.get(at).replace("counter", "gauge").replace("HELP", "TYPE"));
        }
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Series with four labels each, as an HTTP server's request counters have: the kind the series
     * memo keeps (the fixtures have mostly one or two labels, so the reader does not consult it for
     * them). Some values carry escapes or non-ASCII bytes, which the memo must not keep.
     */
    public static byte[] manyLabels() {
        StringBuilder sb = new StringBuilder();
        for (int f = 0; f < 12; f++) {
            String name = "http_requests_" + f + "_total";
            sb.append("# HELP ").append(name).append(" Requests of family ").append(f).append(".\n# TYPE ").append(name).append(" counter\n");
            for (int i = 0; i < 20; i++) {
                String path = i % 7 == 3 ? "/a\\\"quoted\\\"/" + i : i % 11 == 5 ? "/와탭/" + i : "/api/v1/items/" + i;
                sb.append(name).append("{instance=\"host-").append(i % 5).append(":9100\",path=\"").append(path).append("\",method=\"")
                        .append(i % 3 == 0 ? "GET" : "POST").append("\",code=\"").append(i % 4 == 0 ? "500" : "200").append("\"} ")
                        .append(i * 1.5 + f).append('\n');
            }
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
