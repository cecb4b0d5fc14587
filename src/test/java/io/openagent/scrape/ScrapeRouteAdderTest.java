package io.openagent.scrape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Endpoint;
import org.apache.camel.EndpointAware;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Service;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.junit.jupiter.api.Test;

class ScrapeRouteAdderTest {
    /**
     * A step that counts how often Camel asks it for its endpoint: the context does so for every
     * route when it gathers the endpoints of all routes (what a removal does), and that is the
     * walk an add must not make.
     */
    static final class EndpointProbe implements Processor, Service, EndpointAware {
        final AtomicInteger asked = new AtomicInteger();
        Endpoint endpoint;

        @Override
        public void process(Exchange exchange) {
            exchange.getMessage().setBody("route " + exchange.getFromRouteId());
        }

        @Override
        public Endpoint getEndpoint() {
            asked.incrementAndGet();
            return endpoint;
        }

        @Override
        public void start() {
        }

        @Override
        public void stop() {
        }
    }

    private static DefaultCamelContext context(EndpointProbe probe) throws Exception {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getRegistry().bind("probe", probe);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                routeTemplate("t").templateParameter("targetId").templateParameter("name")
                        .from("direct:{{name}}").process("probe");
                from("direct:fixed").routeId("fixed").process("probe");
            }
        });
        context.start();
        probe.endpoint = context.getEndpoint("direct:fixed");
        return context;
    }

    @Test
    void routesGetTheirIdsWithoutAWalkOverTheExistingRoutes() throws Exception {
        EndpointProbe probe = new EndpointProbe();
        try (DefaultCamelContext context = context(probe)) {
            ScrapeRouteAdder adder = ScrapeRouteAdder.install(context);
            probe.asked.set(0);
            for (int i = 0; i < 50; i++) {
                assertEquals("scrape-" + i, adder.add("t", Map.of("targetId", "scrape-" + i, "name", "in" + i)));
            }
            assertEquals(0, probe.asked.get(), "adding routes walked the existing routes");
            for (int i = 0; i < 50; i++) {
                assertNotNull(context.getRoute("scrape-" + i));
                assertNotNull(((ModelCamelContext) context).getRouteDefinition("scrape-" + i));
                assertEquals("route scrape-" + i, context.createProducerTemplate().requestBody("direct:in" + i, "", String.class));
            }
            assertEquals(51, context.getRoutes().size());

            // the probe does see the walk a removal makes (so the zero above means something)
            context.removeRoute("no-such-route");
            assertTrue(probe.asked.get() >= 50, "the probe was asked " + probe.asked.get() + " times");
        }
    }

    @Test
    void withoutTheModelsAnnouncementTheRouteIsAddedUnderItsIdTheSlowWay() throws Exception {
        EndpointProbe probe = new EndpointProbe();
        try (DefaultCamelContext context = context(probe)) {
            ScrapeRouteAdder adder = ScrapeRouteAdder.unregistered(context); // as if Camel announced definitions too late
            for (int i = 0; i < 3; i++) {
                assertEquals("scrape-" + i, adder.add("t", Map.of("targetId", "scrape-" + i, "name", "in" + i)));
                assertNotNull(context.getRoute("scrape-" + i));
            }
            assertEquals(4, context.getRoutes().size(), "no route left behind under a generated id: " + context.getRoutes());
            assertEquals("route scrape-2", context.createProducerTemplate().requestBody("direct:in2", "", String.class));
        }
    }
}
