package io.callvault.privacy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.CompositeConverter;

/**
 * The log filter: {@code %redact(%msg)} and {@code %redact(%ex)} in logback.xml apply
 * {@link PersonalData#redact} to what they wrap, so library messages that quote a FreePBX file name lose its
 * numbers while callvault's own ids (rec_, f_, hold_...) stay whole and can be matched to their recording.
 */
public final class RedactingConverter extends CompositeConverter<ILoggingEvent> {
  @Override
  protected String transform(ILoggingEvent event, String in) {
    return PersonalData.redact(in);
  }
}
