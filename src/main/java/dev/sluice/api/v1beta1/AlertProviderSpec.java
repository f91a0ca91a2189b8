package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A chat or alerting endpoint. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AlertProviderSpec {

  @JsonPropertyDescription("slack, msteams, discord, rocket or gchat.")
  private String type;

  @JsonPropertyDescription("Channel to post to.")
  private String channel;

  @JsonPropertyDescription("Name the messages appear under.")
  private String username;

  @JsonPropertyDescription("Webhook URL.")
  private String address;

  @JsonPropertyDescription("HTTP proxy for the calls.")
  private String proxy;

  @JsonPropertyDescription("Secret with the address (key address) and proxy.")
  private LocalReference secretRef;

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public String getChannel() {
    return channel;
  }

  public void setChannel(String channel) {
    this.channel = channel;
  }

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public String getAddress() {
    return address;
  }

  public void setAddress(String address) {
    this.address = address;
  }

  public String getProxy() {
    return proxy;
  }

  public void setProxy(String proxy) {
    this.proxy = proxy;
  }

  public LocalReference getSecretRef() {
    return secretRef;
  }

  public void setSecretRef(LocalReference secretRef) {
    this.secretRef = secretRef;
  }
}
