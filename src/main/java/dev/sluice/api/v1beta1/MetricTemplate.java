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

/** A reusable metric query that canaries reference from {@code analysis.metrics[].templateRef}. */
@Group(Canary.GROUP)
@Version(Canary.VERSION)
@Kind("MetricTemplate")
@Plural("metrictemplates")
@Singular("metrictemplate")
@Categories("all")
@AdditionalPrinterColumn(
    name = "Provider",
    jsonPath = ".spec.provider.type",
    type = AdditionalPrinterColumn.Type.STRING)
public class MetricTemplate extends CustomResource<MetricTemplateSpec, ResourceStatus>
    implements Namespaced {}
