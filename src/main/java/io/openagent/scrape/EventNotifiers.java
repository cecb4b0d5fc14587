package io.openagent.scrape;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Logger;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.EventFactory;
import org.apache.camel.spi.EventNotifier;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Tells Camel's event notifiers to ignore the exchange events they decline anyway. Camel builds an
 * event object for every exchange step (created, sending, sent, async started, completed…) for
 * each notifier that does not say it ignores them, only for the notifier to answer "not enabled":
 * camel-main's placeholder summary and the Micrometer route notifier (both interested in context
 * and route events only) made that about a tenth of the scrape path's CPU at 200 targets.
 *
 * <p>Each notifier is asked, through its own {@code isEnabled}, about a sample event of every
 * exchange kind; kinds it declines are switched off, all of them at once when it declines all. A
 * notifier that wants exchange events (the Micrometer exchange notifier, when enabled) keeps them.
 */
final class EventNotifiers {
    private static final Logger LOG = Logger.getLogger(EventNotifiers.class.getName());

    private EventNotifiers() {
    }

    /** One exchange event kind: how to make a sample of it, and how to switch it off. */
    private record Kind(String name, Function<Exchange, CamelEvent> sample, Consumer<EventNotifierSupport> ignore) {
    }

    static int quiet(CamelContext context) {
        EventFactory events = context.getManagementStrategy().getEventFactory();
        Exchange x = new DefaultExchange(context);
        List<Kind> kinds = List.of(
                new Kind("created", events::createExchangeCreatedEvent, n -> n.setIgnoreExchangeCreatedEvent(true)),
                new Kind("completed", events::createExchangeCompletedEvent, n -> n.setIgnoreExchangeCompletedEvent(true)),
                new Kind("failed", events::createExchangeFailedEvent, n -> n.setIgnoreExchangeFailedEvents(true)),
                new Kind("redelivery", e -> events.createExchangeRedeliveryEvent(e, 1), n -> n.setIgnoreExchangeRedeliveryEvents(true)),
                new Kind("sending", e -> events.createExchangeSendingEvent(e, null), n -> n.setIgnoreExchangeSendingEvents(true)),
                new Kind("sent", e -> events.createExchangeSentEvent(e, null, 0), n -> n.setIgnoreExchangeSentEvents(true)),
                new Kind("async started", events::createCamelExchangeAsyncProcessingStartedEvent, n -> { }));
        int quieted = 0;
        for (EventNotifier n : context.getManagementStrategy().getEventNotifiers()) {
            if (!(n instanceof EventNotifierSupport s) || s.isIgnoreExchangeEvents()) {
                continue;
            }
            int declined = 0;
            for (Kind k : kinds) {
                boolean wanted;
                try {
                    wanted = s.isEnabled(k.sample.apply(x));
                } catch (RuntimeException e) {
                    wanted = true; // cannot tell: leave it as it is
                }
                if (!wanted) {
                    k.ignore.accept(s);
                    declined++;
                }
            }
            if (declined == kinds.size()) {
                s.setIgnoreExchangeEvents(true);
                quieted++;
                LOG.fine(() -> "event notifier " + n.getClass().getName() + " ignores exchange events from now on");
            }
        }
        return quieted;
    }
}
