package dev.andon.config;

import dev.andon.catalog.CatalogRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers the objects declared across all files: checks each against the catalog rules at the field
 * that breaks them, and refuses a second object of the same kind and name, pointing at the first.
 */
final class Declarations {
    private final List<ConfigObject> objects = new ArrayList<>();
    private final Map<String, ConfigObject> byKindAndName = new HashMap<>();
    private final List<ConfigProblem> problems;

    Declarations(List<ConfigProblem> problems) {
        this.problems = problems;
    }

    void add(ConfigObject object, NodeReader reader) {
        for (CatalogRules.Problem problem : CatalogFields.check(object.value())) {
            // The reader already explained what is wrong with this field, in the file's own terms.
            if (!reader.reported(problem.field())) {
                problems.add(ConfigProblem.at(object.locate(problem.field()), NodeReader.explain(problem.field(), problem.message())));
            }
        }
        if (object.name() == null) {
            return; // The name was reported; without it the object cannot be compared or stored.
        }
        ConfigObject first = byKindAndName.putIfAbsent(object.kind() + "/" + object.name(), object);
        if (first != null) {
            problems.add(ConfigProblem.at(object.locate("metadata.name"), object.kind().yamlName() + " '" + object.name()
                    + "' is defined twice (first at " + first.locate("metadata.name") + "): remove one or give it another name"));
        } else {
            objects.add(object);
        }
    }

    ParseResult result() {
        return new ParseResult(objects, problems);
    }
}
