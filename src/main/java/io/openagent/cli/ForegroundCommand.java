package io.openagent.cli;

import io.openagent.scrape.AgentEnvironment;
import io.openagent.wire.HostList;
import io.openagent.wire.License;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * {@code foreground}: the worker — Camel Main running the routes of {@code routes/} (the folder
 * when run from a checkout, else the copy inside the jar) with {@code application.properties}.
 */
public final class ForegroundCommand {
    private ForegroundCommand() {
    }

    public static int run(String[] args) throws Exception {
        return run(args, context -> { });
    }

    /** Runs until the JVM is asked to stop; {@code started} sees the running CamelContext. */
    public static int run(String[] args, Consumer<CamelContext> started) throws Exception {
        Path home = AgentEnvironment.home();
        var conf = AgentEnvironment.whatapConf(home);
        String license = conf.first("WHATAP_LICENSE", "license");
        String host = conf.first("WHATAP_HOST", "whatap.server.host", "WHATAP_SERVER_HOST");
        if (license == null || !License.parse(license).isUsable()) {
            System.err.println("openagent: WHATAP_LICENSE is missing or invalid. Set it in the environment or as license= in "
                    + home.resolve("whatap.conf") + " (or try the local mode: java -jar openagent.jar local)");
            return 3;
        }
        if (host == null || HostList.parse(host, 6600).isEmpty()) {
            System.err.println("openagent: WHATAP_HOST is missing. Set it in the environment or as whatap.server.host= in "
                    + home.resolve("whatap.conf"));
            return 3;
        }
        Main main = new Main();
        StringBuilder locations = new StringBuilder("classpath:application.properties;optional=true");
        Path props = home.resolve("application.properties");
        if (Files.exists(props)) {
            locations.append(",file:").append(props.toAbsolutePath()).append(";optional=true");
        }
        main.setDefaultPropertyPlaceholderLocation(locations.toString());
        // -Dcamel.x.y=... on the command line (and the local mode) override application.properties.
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("camel.")) {
                main.addOverrideProperty(name, System.getProperty(name));
            }
        }
        if (Files.isDirectory(Path.of("routes")) && System.getProperty("camel.main.routesIncludePattern") == null) {
            main.configure().withRoutesIncludePattern("file:routes/*.yaml");
        }
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(org.apache.camel.main.BaseMainSupport m) {
                started.accept(m.getCamelContext());
            }
        });
        main.run(args);
        return main.getExitCode();
    }
}
