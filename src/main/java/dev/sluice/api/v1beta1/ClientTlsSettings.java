package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Istio upstream TLS settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClientTlsSettings {

  @JsonPropertyDescription("Path of the CA certificates.")
  private String caCertificates;

  @JsonPropertyDescription("Path of the client certificate.")
  private String clientCertificate;

  @JsonPropertyDescription("DISABLE, SIMPLE, MUTUAL or ISTIO_MUTUAL.")
  private String mode;

  @JsonPropertyDescription("Path of the private key.")
  private String privateKey;

  @JsonPropertyDescription("SNI sent to the upstream.")
  private String sni;

  @JsonPropertyDescription("Accepted subject alternative names.")
  private List<String> subjectAltNames;

  public String getCaCertificates() {
    return caCertificates;
  }

  public void setCaCertificates(String caCertificates) {
    this.caCertificates = caCertificates;
  }

  public String getClientCertificate() {
    return clientCertificate;
  }

  public void setClientCertificate(String clientCertificate) {
    this.clientCertificate = clientCertificate;
  }

  public String getMode() {
    return mode;
  }

  public void setMode(String mode) {
    this.mode = mode;
  }

  public String getPrivateKey() {
    return privateKey;
  }

  public void setPrivateKey(String privateKey) {
    this.privateKey = privateKey;
  }

  public String getSni() {
    return sni;
  }

  public void setSni(String sni) {
    this.sni = sni;
  }

  public List<String> getSubjectAltNames() {
    return subjectAltNames;
  }

  public void setSubjectAltNames(List<String> subjectAltNames) {
    this.subjectAltNames = subjectAltNames;
  }
}
