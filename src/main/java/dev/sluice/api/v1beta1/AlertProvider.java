package dev.sluice.api.v1beta1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A chat or alerting endpoint that canaries notify from {@code analysis.alerts[].providerRef}. */
@Group(Canary.GROUP)
@Version(Canary.VERSION)
@Kind("AlertProvider")
@Plural("alertproviders")
@Singular("alertprovider")
@Categories("all")
@AdditionalPrinterColumn(
    name = "Type",
    jsonPath = ".spec.type",
    type = AdditionalPrinterColumn.Type.STRING)
public class AlertProvider extends CustomResource<AlertProviderSpec, ResourceStatus>
    implements Namespaced {}
