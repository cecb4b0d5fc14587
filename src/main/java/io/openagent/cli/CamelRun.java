package io.openagent.cli;

/**
 * Entry point of {@code mvn camel:run}: the same commands as {@code java -jar openagent.jar}, run
 * inside Maven's JVM, so it returns instead of calling System.exit.
 */
public final class CamelRun {
    private CamelRun() {
    }

    public static void main(String[] args) throws Exception {
        int code = io.openagent.Main.run(args.length == 0 ? new String[] {"local"} : args);
        if (code != 0) {
            throw new IllegalStateException("openagent exited with code " + code);
        }
    }
}
