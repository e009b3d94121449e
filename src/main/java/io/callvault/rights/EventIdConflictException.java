package io.callvault.rights;

/**
 * A consent event arrived with an event id already used by a different event (another subject, type or
 * flag). The first event's outcome stands and nothing is applied: the sender must use a new id. The HTTP API
 * answers 409.
 */
public final class EventIdConflictException extends RuntimeException {
  public EventIdConflictException(String eventId) {
    super("event id '" + eventId + "' was already used for a different event (another subject, type or flag);"
        + " nothing was applied: send this event with a new event id");
  }
}
