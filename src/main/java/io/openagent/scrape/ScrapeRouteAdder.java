package io.openagent.scrape;

import java.util.Map;
import java.util.logging.Logger;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ModelLifecycleStrategy;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;

/**
 * Adds a route from a template at a cost that does not grow with the number of routes.
 *
 * <p>Camel's model takes a route definition that arrives with an id as a possible replacement: it
 * first asks the context to remove the route of that id, and the context gathers the endpoints of
 * every route before it finds there is none. Each add then walked every existing route's
 * processors: 1000 targets took 35 s of CPU to add on an idle agent, 110 s while the first ones
 * were scraping. A definition that arrives without an id skips that step; this strategy gives it
 * its id when the model announces the definition, which is after that step and before the route is
 * built and started. Should a Camel version announce it elsewhere, the route would come out under
 * another id: {@link #add} then puts it back the slow way, and says so once.
 */
final class ScrapeRouteAdder implements ModelLifecycleStrategy {
    private static final Logger LOG = Logger.getLogger(ScrapeRouteAdder.class.getName());
    /** The template parameter that holds the route id the definition must get. */
    private static final String ID_PARAMETER = "targetId";

    private final CamelContext context;
    private final boolean late;
    /** The id of the route being added now (adds run one at a time, under AgentRuntime's lock). */
    private volatile String pending;
    private boolean warned;

    private ScrapeRouteAdder(CamelContext context, boolean late) {
        this.context = context;
        this.late = late;
    }

    static ScrapeRouteAdder install(CamelContext context) {
        if (context instanceof ModelCamelContext model) {
            ScrapeRouteAdder adder = new ScrapeRouteAdder(context, true);
            model.addModelLifecycleStrategy(adder);
            return adder;
        }
        return new ScrapeRouteAdder(context, false);
    }

    /** An adder the model does not announce definitions to (tests: the fallback of {@link #add}). */
    static ScrapeRouteAdder unregistered(CamelContext context) {
        return new ScrapeRouteAdder(context, true);
    }

    /**
     * Adds the route {@code parameters.get("targetId")} from {@code template}; returns its id.
     */
    String add(String template, Map<String, String> parameters) throws Exception {
        String routeId = parameters.get(ID_PARAMETER);
        TemplatedRouteBuilder builder = TemplatedRouteBuilder.builder(context, template);
        parameters.forEach(builder::parameter);
        if (!late) {
            return builder.routeId(routeId).add();
        }
        String added;
        pending = routeId;
        try {
            added = builder.add();
        } finally {
            pending = null;
        }
        if (!routeId.equals(added)) {
            // the id was not given in time: replace the route by one added with its id up front
            context.getRouteController().stopRoute(added);
            context.removeRoute(added);
            if (!warned) {
                warned = true;
                LOG.warning("this Camel version names template routes after they are announced: scrape routes are added the slow way");
            }
            TemplatedRouteBuilder again = TemplatedRouteBuilder.builder(context, template).routeId(routeId);
            parameters.forEach(again::parameter);
            added = again.add();
        }
        return added;
    }

    @Override
    public void onAddRouteDefinition(RouteDefinition definition) {
        String id = pending;
        if (id != null && definition.getId() == null && definition.getTemplateParameters() != null
                && id.equals(definition.getTemplateParameters().get(ID_PARAMETER))) {
            definition.setId(id);
        }
    }

    @Override
    public void onRemoveRouteDefinition(RouteDefinition definition) {
    }

    @Override
    public void onAddRouteTemplateDefinition(RouteTemplateDefinition template) {
    }

    @Override
    public void onRemoveRouteTemplateDefinition(RouteTemplateDefinition template) {
    }
}
