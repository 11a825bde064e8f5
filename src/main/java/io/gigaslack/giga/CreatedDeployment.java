package io.gigaslack.giga;

import java.util.Objects;

/**
 * Result of {@link GigaClient#createDeploymentAtMostOnce}.
 *
 * @param deployment the deployment
 * @param recovered  true if the create response was lost and the deployment was found by name afterwards
 */
public record CreatedDeployment(Deployment deployment, boolean recovered) {

    public CreatedDeployment {
        Objects.requireNonNull(deployment, "deployment");
    }
}
