package dev.andon.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One catalog object declared in a file: the domain value (User, Team, CatalogSystem or Service) plus
 * where it and each of its fields were written, so plan problems can point back at the YAML.
 * Field keys are YAML names such as "owner", "tags[0]", "links[1].url" or "dependsOn[2]".
 */
public record ConfigObject(Kind kind, String name, Object value, Location location, Map<String, Location> fieldLocations) {
    public ConfigObject {
        fieldLocations = Collections.unmodifiableMap(new LinkedHashMap<>(fieldLocations));
    }

    /**
     * Where a field was written; "links[1].url" falls back to "links[1]", then "links", then the
     * document, because defaulted or generated values have no node of their own.
     */
    public Location locate(String field) {
        String candidate = field;
        while (candidate != null && !candidate.isEmpty()) {
            Location found = fieldLocations.get(candidate);
            if (found != null) {
                return found;
            }
            int cut = Math.max(candidate.lastIndexOf('.'), candidate.lastIndexOf('['));
            candidate = cut > 0 ? candidate.substring(0, cut) : null;
        }
        return location;
    }
}
