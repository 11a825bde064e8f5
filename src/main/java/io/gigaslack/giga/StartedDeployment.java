package io.gigaslack.giga;

import java.util.Objects;
import java.util.Optional;

/**
 * Result of {@code POST /api/deployments/start}.
 *
 * @param deployment the deployment
 * @param session    the agent's session; null when the start was {@code recovered} by looking the deployment up
 *                   (the list does not return it) or the server did not send it
 * @param recovered  true if the start response was lost and the deployment was found by name afterwards
 */
public record StartedDeployment(Deployment deployment, DeploymentSession session, boolean recovered) {

    public StartedDeployment {
        Objects.requireNonNull(deployment, "deployment");
    }

    public Optional<DeploymentSession> sessionIfKnown() {
        return Optional.ofNullable(session);
    }
}
