package dev.sluice.router;

/**
 * What a mesh provider's router can do with a Canary. A Canary that asks for something its provider
 * cannot do is a validation error naming the field, never a run that ignores it.
 *
 * @param abTesting routes requests by {@code analysis.match} (A/B testing)
 * @param mirroring mirrors requests to the canary ({@code analysis.mirror})
 * @param sessionAffinity keeps a user who reached the canary on it ({@code
 *     analysis.sessionAffinity})
 * @param ownsApexSelector routes by the apex Service's selector, which the router then sets, rather
 *     than by objects of its own behind {@code -primary} and {@code -canary}
 */
public record MeshCapabilities(
    boolean abTesting, boolean mirroring, boolean sessionAffinity, boolean ownsApexSelector) {}
