package org.fieldgate.gateway.status.http;

import java.util.function.Function;

/**
 * Where a request goes: the lane its handler runs on, and the handler.
 *
 * @param lane    one of the lanes the server was started with; null = answered at once on the
 *                selector thread (only for fixed answers: see {@link #answer})
 * @param handler builds the response (may throw: the client gets a 500)
 */
public record Route(Lane lane, Function<Request, Response> handler) {

    /** A fixed answer (404, 405, a refusal), sent without a trip through a lane. */
    public static Route answer(Response response) {
        return new Route(null, r -> response);
    }

    /** Picks the route of a request (on the selector thread: must be quick and never block). */
    @FunctionalInterface
    public interface Router {
        Route route(Request request);
    }
}
