package dev.sluice.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.v1beta1.CanaryStatus;
import dev.sluice.api.v1beta1.CanaryWebhook;
import dev.sluice.api.v1beta1.HookType;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON body POSTed to a webhook, field for field Flagger's {@code CanaryWebhookPayload}, so
 * that receivers written for Flagger (load tester, helm tester, gates, CI hooks) work unchanged:
 *
 * <pre>{"name":..,"namespace":..,"phase":..,"checksum":..,"type":..,"metadata":{..}}</pre>
 *
 * <p>{@code metadata} is left out when empty ({@code omitempty} in Flagger). Event hooks carry the
 * event inside {@code metadata} (not at the top level), as Flagger's {@code CallEventWebhook} does:
 * {@code eventMessage}, {@code eventType} ({@code Normal} or {@code Warning}) and {@code timestamp}
 * in milliseconds since the epoch as a decimal string; the hook's own metadata is merged in but
 * never overrides those three keys.
 *
 * @param checksum Flagger's hash of {@code status.trackedConfigs} and {@code
 *     status.lastAppliedSpec}, computed by the caller
 */
@JsonPropertyOrder({"name", "namespace", "phase", "checksum", "type", "metadata"})
public record WebhookPayload(
    String name,
    String namespace,
    String phase,
    String checksum,
    String type,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> metadata) {

  static final String EVENT_MESSAGE = "eventMessage";
  static final String EVENT_TYPE = "eventType";
  static final String TIMESTAMP = "timestamp";

  private static final ObjectMapper JSON = new ObjectMapper();

  public WebhookPayload {
    metadata =
        metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /** The payload of a rollout-time hook (every type but {@code event}). */
  public static WebhookPayload of(
      String name, String namespace, String phase, String checksum, CanaryWebhook hook) {
    return new WebhookPayload(name, namespace, phase, checksum, typeOf(hook), hook.getMetadata());
  }

  /**
   * The payload of an event hook: the Kubernetes Event's message and type, at {@code at}.
   *
   * @param eventType {@code Normal} or {@code Warning}
   */
  public static WebhookPayload event(
      String name,
      String namespace,
      String phase,
      String checksum,
      CanaryWebhook hook,
      String message,
      String eventType,
      Instant at) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(EVENT_MESSAGE, message);
    metadata.put(EVENT_TYPE, eventType);
    metadata.put(TIMESTAMP, Long.toString(at.toEpochMilli()));
    if (hook.getMetadata() != null) {
      hook.getMetadata().forEach(metadata::putIfAbsent);
    }
    return new WebhookPayload(name, namespace, phase, checksum, typeOf(hook), metadata);
  }

  /** The manifest's type as written; blank means rollout, as Flagger reads it. */
  private static String typeOf(CanaryWebhook hook) {
    String type = hook.getType();
    return type == null || type.isBlank() ? HookType.ROLLOUT.wireName() : type.strip();
  }

  /** The request body. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings always serialises", e);
    }
  }

  /**
   * Identifies the revision under test, as Flagger's checksum does: a hash of {@code
   * status.lastAppliedSpec} and {@code status.trackedConfigs}; empty before the first run.
   */
  public static String checksum(CanaryStatus status) {
    if (status == null) {
      return "";
    }
    String tracked =
        status.getTrackedConfigs() == null
            ? ""
            : new java.util.TreeMap<>(status.getTrackedConfigs()).toString();
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(
                  (status.getLastAppliedSpec() + tracked)
                      .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
