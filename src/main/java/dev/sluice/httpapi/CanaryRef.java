package dev.sluice.httpapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.regex.Pattern;

/** The Canary an HTTP call is about, checked to be a valid Kubernetes namespace and name. */
record CanaryRef(String namespace, String name) {
  // DNS-1123 subdomain: what the API server accepts as a Canary name, and nothing that could
  // change the shape of the request path the client builds from it.
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
  private static final ObjectMapper JSON = new ObjectMapper();

  CanaryRef {
    checkName("namespace", namespace);
    checkName("name", name);
  }

  /**
   * Reads the Canary from Flagger's webhook payload ({@code name}, {@code namespace}, {@code
   * phase}, {@code checksum}, {@code type}, {@code metadata}); only the first two matter here.
   *
   * @throws BadRequestException when the body is not a JSON object naming a valid canary
   */
  static CanaryRef fromWebhookPayload(String body) {
    JsonNode payload;
    try {
      payload = JSON.readTree(body == null ? "" : body);
    } catch (JsonProcessingException e) {
      throw new BadRequestException("body is not JSON: " + e.getOriginalMessage());
    }
    if (payload == null || !payload.isObject()) {
      throw new BadRequestException("body must be a JSON object with name and namespace");
    }
    return new CanaryRef(text(payload, "namespace"), text(payload, "name"));
  }

  private static String text(JsonNode payload, String field) {
    JsonNode value = payload.get(field);
    if (value == null || value.isNull()) {
      throw new BadRequestException("body has no " + field);
    }
    if (!value.isTextual()) {
      throw new BadRequestException(field + " must be a string");
    }
    return value.asText();
  }

  /**
   * @throws BadRequestException when {@code value} is not a valid Kubernetes name
   */
  static void checkName(String field, String value) {
    if (value == null || value.isEmpty()) {
      throw new BadRequestException("no " + field);
    }
    if (!NAME.matcher(value).matches()) {
      throw new BadRequestException(field + " is not a valid Kubernetes name: " + value);
    }
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
