package io.callvault.ingest;

import io.callvault.health.Dependencies;
import io.callvault.consent.ConsentAnswer;
import io.callvault.consent.ConsentSource;
import io.callvault.consent.ConsentUnavailableException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consent step: the subject's consent flags from the configured source. A call without an external party
 * has no subject to ask about. Retries and the circuit breaker around this step are in the ingest route.
 */
public final class ConsentStep {
  private static final Logger LOG = LoggerFactory.getLogger(ConsentStep.class);
  private final ConsentSource source;
  private final Dependencies dependencies;

  private final io.callvault.health.HubMetrics metrics;

  public ConsentStep(ConsentSource source, Dependencies dependencies) {
    this(source, dependencies, io.callvault.health.HubMetrics.NONE);
  }

  public ConsentStep(ConsentSource source, Dependencies dependencies, io.callvault.health.HubMetrics metrics) {
    this.source = source;
    this.dependencies = dependencies;
    this.metrics = metrics;
  }

  /** Asks the source; throws when it cannot answer (the route retries, then falls back to {@link #unavailable}). */
  public void lookup(Ingest in) throws ConsentUnavailableException {
    String subject = in.recording().subject();
    if (subject == null) {
      in.consent(new ConsentAnswer(Map.of(), "none"));
      return;
    }
    ConsentAnswer answer = source.lookup(subject);
    in.consent(answer);
    dependencies.up("consent");
    answer.flags().values().forEach(status -> metrics.consentAnswer(status.name()));
  }

  /** The source did not answer (or its circuit is open): consent-based purposes wait; unknown is not consent. */
  public void unavailable(Ingest in) {
    LOG.debug("recording {}: consent unavailable; consent-based purposes wait", in.getRecordingId());
    dependencies.down("consent", "the consent source did not answer (consent-based purposes wait;"
        + " consent.retry.*, consent.circuit.*)");
    in.consent(null);
    metrics.consentAnswer("UNAVAILABLE");
  }
}
