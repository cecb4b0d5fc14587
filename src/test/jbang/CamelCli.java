/** The `camel` command (Camel JBang) without JBang: run with java's source launcher on the CLI's class path. */
public class CamelCli {
    public static void main(String[] args) {
        org.apache.camel.dsl.jbang.core.commands.CamelJBangMain.run(args);
    }
}
