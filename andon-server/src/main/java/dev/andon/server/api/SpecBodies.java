package dev.andon.server.api;

import dev.andon.catalog.CatalogException;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * API bodies of objects that also have a YAML kind: the spec's fields plus {@code slug} and
 * {@code name} (the spec's {@code title}); read-only fields a client echoes back are dropped.
 */
final class SpecBodies {
    private SpecBodies() {}

    /** The body's spec fields and the slug: the URL's, which must agree with the body's when both are given. */
    record Spec(String slug, ObjectNode fields) {}

    static Spec read(String kind, String pathSlug, ObjectNode body, List<String> readOnly) {
        ObjectNode fields = body.deepCopy();
        JsonNode slug = fields.remove("slug");
        JsonNode name = fields.remove("name");
        if (name != null && !fields.has("title")) {
            fields.set("title", name);
        }
        readOnly.forEach(fields::remove);
        String bodySlug = slug == null || slug.isNull() ? null : slug.asString();
        if (pathSlug != null && bodySlug != null && !pathSlug.equals(bodySlug)) {
            throw new CatalogException(CatalogException.Code.INVALID, "slug",
                    "the body names " + kind + " '" + bodySlug + "' but the URL names '" + pathSlug + "'");
        }
        return new Spec(pathSlug != null ? pathSlug : bodySlug, fields);
    }

    /** The API's shape of spec fields: slug and name first, then the rest without title. */
    static ObjectNode write(String slug, String name, ObjectNode spec) {
        ObjectNode result = spec.objectNode();
        result.put("slug", slug);
        result.put("name", name);
        result.setAll(spec);
        result.remove("title");
        return result;
    }
}
