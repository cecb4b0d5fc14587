import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Two or more builds in one JVM, rounds interleaved (see bench/paired.sh): machine drift hits
 * every build in the same round alike, so the median over rounds of each build's time ÷ the
 * first build's time in the same round resolves changes of a few per cent on a machine whose
 * speed changes by phases.
 */
public final class Paired {
    private Paired() {
    }

    public static void main(String[] a) throws Exception {
        String mode = a[0];
        String body = a[1];
        int rounds = Integer.parseInt(a[2]);
        URL harness = Path.of(a[3]).toUri().toURL();
        int n = a.length - 4;
        Method[] round = new Method[n];
        for (int j = 0; j < n; j++) {
            // the harness first: a jar built after `mvn -Pbench` without clean carries its own copy of Bodies
            URLClassLoader l = new URLClassLoader(new URL[] {harness, Path.of(a[4 + j]).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            round[j] = l.loadClass("PairedRound").getMethod("round", String.class, String.class);
        }
        for (int w = 0; w < 3; w++) {
            for (int j = 0; j < n; j++) {
                round[j].invoke(null, mode, body); // warm-up
            }
        }
        double[][] ns = new double[n][rounds];
        for (int i = 0; i < rounds; i++) {
            for (int k = 0; k < n; k++) {
                int j = (i + k) % n; // who goes first rotates
                ns[j][i] = (double) round[j].invoke(null, mode, body);
            }
        }
        for (int j = 0; j < n; j++) {
            double[] sorted = ns[j].clone();
            Arrays.sort(sorted);
            double[] ratio = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                ratio[i] = ns[j][i] / ns[0][i];
            }
            Arrays.sort(ratio);
            System.out.printf("%-40s best %7.1f  median %7.1f ns/sample   paired ratio to the first: %.3f%n",
                    a[4 + j], sorted[0], sorted[rounds / 2], ratio[rounds / 2]);
        }
    }
}
