package org.mfgsync.connectors;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.mfgsync.connectors.PartnerConnectivity.Connection;
import org.mfgsync.governance.ProblemDetails;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The partner connections API (routes/api/admin-partner-connections.camel.yaml, admin token required):
 * {@code GET /api/v1/partner-connections} answers every inbound file connector route of this instance with its state
 * (UP, DOWN with the partner's answer, STANDBY on a follower, NOT_POLLING), read from {@link PartnerConnectivity}
 * itself. The same states are the health group partners ({@code /q/health/group/partners}), which is served on the
 * management port only; the dashboard, served on the main port, reads this one. Like the health group it answers for
 * the instance it reaches (behind a Service: one replica, a follower's leader-only routes STANDBY).
 */
@ApplicationScoped
@Named("partnerConnectionsApi")
public class PartnerConnectionsApi {

    private final PartnerConnectivity partners;

    public PartnerConnectionsApi(PartnerConnectivity partners) {
        this.partners = partners;
    }

    /** The answer: DOWN when a route cannot reach its partner (as the health group), and every route's state. */
    @RegisterForReflection
    public record ConnectionList(String status, List<Connection> connections) {

        static ConnectionList of(List<Connection> connections) {
            boolean down = connections.stream().anyMatch(c -> c.state() == Connection.State.DOWN);
            return new ConnectionList(down ? "DOWN" : "UP", connections);
        }
    }

    /** GET /api/v1/partner-connections: 200 also while a partner is down (the answer says so). */
    public void list(Exchange exchange) throws JsonProcessingException {
        ProblemDetails.answerJson(exchange, 200, ConnectionList.of(partners.connections()));
    }
}
