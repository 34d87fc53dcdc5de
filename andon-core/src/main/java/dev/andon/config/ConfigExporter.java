package dev.andon.config;

import dev.andon.catalog.Catalog;
import dev.andon.catalog.Dependency;
import dev.andon.catalog.DependencyKind;
import dev.andon.catalog.Link;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Writes a whole catalog, checks, heartbeats, integrations and maintenance windows included, as
 * configuration files, so what was built by hand in the UI can move to Git. Catalog, check and
 * heartbeat fields are written explicitly (only a check's probe settings that have no value are left
 * out); integrations and maintenance windows leave their defaults out. Either way, planning the export
 * against the same catalog changes nothing.
 */
public final class ConfigExporter {
    private ConfigExporter() {}

    public static String export(Catalog catalog) {
        List<Object> documents = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            CatalogFields.objects(catalog, kind).stream()
                    .sorted(Comparator.comparing(CatalogFields::name))
                    .forEach(value -> documents.add(document(kind, value)));
        }
        if (documents.isEmpty()) {
            return "";
        }
        // With the parser's schema, snakeyaml-engine quotes whatever would read back as another type ('3',
        // 'null', '~'); shared empty lists are written out rather than as anchors, which people do not expect.
        DumpSettings settings = DumpSettings.builder().setExplicitStart(true).setDefaultFlowStyle(FlowStyle.BLOCK)
                .setIndent(2).setIndicatorIndent(2).setIndentWithIndicator(true).setWidth(120)
                .setSchema(new CoreSchema()).setDereferenceAliases(true).build();
        return new Dump(settings).dumpAllToString(documents.iterator());
    }

    private static Map<String, Object> document(Kind kind, Object value) {
        Map<String, Object> spec = new LinkedHashMap<>();
        CatalogFields.fields(value).forEach((field, fieldValue) -> spec.put(field, yaml(fieldValue)));
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("apiVersion", ConfigParser.API_VERSION);
        document.put("kind", kind.yamlName());
        document.put("metadata", Map.of("name", CatalogFields.name(value)));
        document.put("spec", spec);
        return document;
    }

    /** Links and dependencies as the files write them; a hard dependency is just the service's name. */
    private static Object yaml(Object value) {
        return switch (value) {
            case List<?> items -> items.stream().map(ConfigExporter::yaml).toList();
            case Link link -> {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("type", link.type());
                fields.put("title", link.title());
                fields.put("url", link.url());
                yield fields;
            }
            case Dependency dependency when dependency.kind() == DependencyKind.HARD -> dependency.service();
            case Dependency dependency -> {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("service", dependency.service());
                fields.put("kind", dependency.kind().wireName());
                yield fields;
            }
            case null -> null;
            default -> value;
        };
    }
}
