package io.openagent.scrape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.Test;

class EventNotifiersTest {
    /** Records the events it accepts; accepts what {@code wants} says. */
    static final class Recording extends EventNotifierSupport {
        final java.util.function.Predicate<CamelEvent> wants;
        final List<CamelEvent> seen = new ArrayList<>();

        Recording(java.util.function.Predicate<CamelEvent> wants) {
            this.wants = wants;
        }

        @Override
        public boolean isEnabled(CamelEvent event) {
            return wants.test(event);
        }

        @Override
        public void notify(CamelEvent event) {
            seen.add(event);
        }
    }

    @Test
    void notifiersThatDeclineExchangeEventsAreNoLongerOfferedThemOthersKeepWhatTheyWant() throws Exception {
        Recording routesOnly = new Recording(e -> e instanceof CamelEvent.RouteEvent);
        Recording completedOnly = new Recording(e -> e instanceof CamelEvent.ExchangeCompletedEvent);
        try (CamelContext context = new DefaultCamelContext()) {
            context.getManagementStrategy().addEventNotifier(routesOnly);
            context.getManagementStrategy().addEventNotifier(completedOnly);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:in").routeId("r").to("log:x?level=OFF");
                }
            });
            context.start();
            assertEquals(1, EventNotifiers.quiet(context));
            assertTrue(routesOnly.isIgnoreExchangeEvents());
            assertFalse(completedOnly.isIgnoreExchangeEvents(), "it wants one kind of exchange event");
            assertTrue(completedOnly.isIgnoreExchangeCreatedEvent());
            assertTrue(completedOnly.isIgnoreExchangeSendingEvents());
            assertFalse(completedOnly.isIgnoreExchangeCompletedEvent());

            context.createProducerTemplate().sendBody("direct:in", "x");
            assertEquals(1, completedOnly.seen.stream().filter(e -> e instanceof CamelEvent.ExchangeCompletedEvent).count(),
                    "the wanted events still arrive");
            assertTrue(routesOnly.seen.stream().allMatch(e -> e instanceof CamelEvent.RouteEvent));
            assertTrue(routesOnly.seen.stream().anyMatch(e -> e instanceof CamelEvent.RouteEvent), "route events still arrive");
        }
    }
}
