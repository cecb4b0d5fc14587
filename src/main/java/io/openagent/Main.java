package io.openagent;

import io.openagent.cli.CheckMetricsCommand;
import io.openagent.cli.CollectorCommand;
import io.openagent.cli.ForegroundCommand;
import io.openagent.cli.LocalCommand;
import io.openagent.cli.SampleCommand;
import java.util.Arrays;

/**
 * The {@code openagent.jar} entry point. Each mode is a small command class; this only dispatches.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    public static int run(String[] args) throws Exception {
        String command = args.length == 0 ? "supervisor" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "supervisor":
                return io.openagent.cli.SupervisorCommand.run(rest);
            case "foreground":
                return ForegroundCommand.run(rest);
            case "local":
                return LocalCommand.run(rest);
            case "collector":
                return CollectorCommand.run(rest);
            case "sample":
                return SampleCommand.run(rest);
            case "health":
                return io.openagent.cli.HealthCommand.run(rest);
            case "relabel":
                return io.openagent.cli.RelabelCommand.run(rest, System.out, System.err);
            case "check-metrics":
                return CheckMetricsCommand.run(rest, System.in, System.out, System.err);
            case "help":
            case "--help":
            case "-h":
                usage();
                return 0;
            default:
                System.err.println("openagent: unknown command \"" + command + "\"");
                usage();
                return 2;
        }
    }

    private static void usage() {
        System.out.println(String.join("\n",
                "usage: java -jar openagent.jar COMMAND [OPTIONS]",
                "",
                "  (no command)        the supervisor: runs a worker JVM (foreground), restarts it when it dies",
                "  foreground          the worker: scrape the targets of $WHATAP_HOME/scrape_config.yaml and deliver them",
                "                      to WHATAP_HOST:WHATAP_PORT with WHATAP_LICENSE",
                "  local               everything on this machine: built-in collector, demo exporter, the agent, a live summary",
                "  collector [--port 6600] [--bind 127.0.0.1] [--license L]",
                "                      run a WhaTap-protocol collector; print one JSON line per received record",
                "  sample direct|promax|tags",
                "                      send sample data to WHATAP_HOST:WHATAP_PORT with WHATAP_LICENSE",
                "  relabel --config FILE --job NAME --labels JSON [--metric]",
                "                      show each relabel step and the resulting target (or why it was dropped)",
                "  health              exit 0 when the agent on this host reports UP on /observe/health",
                "  check-metrics [--format text|openmetrics|protobuf] [--convert] [FILE|-]",
                "                      validate an exposition like promtool; --convert prints the OpenMx records"));
    }
}
