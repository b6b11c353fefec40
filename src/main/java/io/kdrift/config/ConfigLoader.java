package io.kdrift.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads the YAML configuration. Every problem fails at start with a message of the form
 * {@code FILE:LINE:COLUMN: FIELD: what is wrong}, naming the field by its path (for example
 * {@code binning.signals["feature.amount"].bins}).
 */
public final class ConfigLoader {
    private static final YAMLMapper MAPPER = YAMLMapper.builder(
                    YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ConfigLoader() {
    }

    /** Environment variables that override the common settings, and the setting each one sets. */
    public static final Map<String, List<String>> ENV_OVERRIDES = Map.of(
            "KDRIFT_BOOTSTRAP_SERVERS", List.of("kafka", "bootstrap.servers"),
            "KDRIFT_APPLICATION_ID", List.of("kafka", "application.id"),
            "KDRIFT_STATE_DIR", List.of("kafka", "state.dir"),
            "KDRIFT_METRICS_PORT", List.of("http", "port"),
            "KDRIFT_ADVERTISED_HOST", List.of("http", "advertisedHost"),
            "KDRIFT_INPUT_TOPIC", List.of("topics", "input"));

    public static KdriftConfig load(Path file) {
        return load(file, System.getenv());
    }

    /** With no file: the defaults, and the environment's overrides. */
    public static KdriftConfig defaults(Map<String, String> env) {
        return parse("{}", "(defaults)", env);
    }

    public static KdriftConfig load(Path file, Map<String, String> env) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": configuration file not found");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read configuration file: " + e.getMessage(), e);
        }
        return parse(text, file.toString(), env);
    }

    public static KdriftConfig parse(String yaml, String source) {
        return parse(yaml, source, Map.of());
    }

    public static KdriftConfig parse(String yaml, String source, Map<String, String> env) {
        Map<String, JsonLocation> locations;
        JsonNode tree;
        try {
            locations = locate(yaml);
            tree = MAPPER.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + ":" + position(e.getLocation()) + " invalid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigException(source + ": cannot read YAML: " + e.getMessage(), e);
        }
        if (tree == null || tree.isMissingNode() || tree.isNull() || tree instanceof MissingNode) {
            tree = MAPPER.createObjectNode();
        }
        if (!tree.isObject()) {
            throw new ConfigException(source + ":1:1: the configuration must be a YAML mapping of sections");
        }
        applyEnvironment((ObjectNode) tree, env, source);
        try {
            return MAPPER.treeToValue(tree, KdriftConfig.class);
        } catch (JsonMappingException e) {
            List<String> path = path(e.getPath());
            String message = message(e);
            if (rootCause(e) instanceof ConfigFieldException cfe) {
                path.add(cfe.field());
            }
            throw new ConfigException(where(source, locations, path) + " " + format(path) + ": " + message, e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + ": " + e.getOriginalMessage(), e);
        }
    }

    private static void applyEnvironment(ObjectNode root, Map<String, String> env, String source) {
        for (Map.Entry<String, List<String>> o : ENV_OVERRIDES.entrySet()) {
            String value = env.get(o.getKey());
            if (value == null || value.isBlank()) {
                continue;
            }
            String section = o.getValue().get(0);
            String field = o.getValue().get(1);
            JsonNode existing = root.get(section);
            if (existing != null && !existing.isObject()) {
                throw new ConfigException(source + ": " + section + ": must be a mapping");
            }
            ObjectNode node = existing == null ? root.putObject(section) : (ObjectNode) existing;
            if ("port".equals(field)) {
                try {
                    node.put(field, Integer.parseInt(value.trim()));
                } catch (NumberFormatException e) {
                    throw new ConfigException("environment variable " + o.getKey() + ": \"" + value + "\" is not a port number");
                }
            } else {
                node.put(field, value.trim());
            }
        }
    }

    private static String message(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            Collection<Object> known = u.getKnownPropertyIds();
            return "unknown field \"" + u.getPropertyName() + "\""
                    + (known == null ? "" : "; known fields: " + known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")));
        }
        Throwable root = rootCause(e);
        if (root instanceof IllegalArgumentException && root != e) {
            return root.getMessage();
        }
        if (e instanceof ValueInstantiationException && e.getCause() != null) {
            return e.getCause().getMessage();
        }
        String msg = e.getOriginalMessage();
        int nl = msg.indexOf('\n');
        return nl < 0 ? msg : msg.substring(0, nl);
    }

    private static Throwable rootCause(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r;
    }

    private static List<String> path(List<JsonMappingException.Reference> refs) {
        List<String> out = new ArrayList<>();
        for (JsonMappingException.Reference r : refs) {
            out.add(r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]");
        }
        return out;
    }

    /** {@code a.b["x.y"][2]}: dotted, with keys that hold dots quoted. */
    static String format(List<String> path) {
        StringBuilder sb = new StringBuilder();
        for (String seg : path) {
            if (seg.startsWith("[")) {
                sb.append(seg);
            } else if (seg.matches("[A-Za-z0-9_-]+")) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(seg);
            } else {
                sb.append("[\"").append(seg).append("\"]");
            }
        }
        return sb.length() == 0 ? "(top level)" : sb.toString();
    }

    /** The deepest known location along the path: the field itself, or the object that lacks it. */
    private static String where(String source, Map<String, JsonLocation> locations, List<String> path) {
        for (int n = path.size(); n >= 0; n--) {
            JsonLocation loc = locations.get(String.join("\u0000", path.subList(0, n)));
            if (loc != null) {
                return source + ":" + position(loc);
            }
        }
        return source + ":";
    }

    private static String position(JsonLocation loc) {
        return loc == null ? "" : loc.getLineNr() + ":" + loc.getColumnNr() + ":";
    }

    /** Where each key path starts in the text, found with a streaming pass over the YAML. */
    private static Map<String, JsonLocation> locate(String yaml) throws IOException {
        Map<String, JsonLocation> out = new HashMap<>();
        Deque<List<String>> stack = new ArrayDeque<>();
        Deque<Integer> arrayIndex = new ArrayDeque<>();
        List<String> current = new ArrayList<>();
        out.put("", new JsonLocation(null, -1, 1, 1));
        try (JsonParser p = MAPPER.getFactory().createParser(yaml)) {
            JsonToken t;
            String pendingField = null;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME) {
                    pendingField = p.currentName();
                    List<String> fieldPath = new ArrayList<>(current);
                    fieldPath.add(pendingField);
                    out.putIfAbsent(String.join("\u0000", fieldPath), p.currentTokenLocation());
                    continue;
                }
                String segment = null;
                if (pendingField != null) {
                    segment = pendingField;
                    pendingField = null;
                } else if (!arrayIndex.isEmpty() && p.getParsingContext().getParent() != null
                        && p.getParsingContext().inArray() || (t.isStructStart() && !arrayIndex.isEmpty())) {
                    int i = arrayIndex.pop();
                    segment = "[" + i + "]";
                    arrayIndex.push(i + 1);
                    List<String> elementPath = new ArrayList<>(current);
                    elementPath.add(segment);
                    out.putIfAbsent(String.join("\u0000", elementPath), p.currentTokenLocation());
                }
                if (t.isStructStart()) {
                    stack.push(current);
                    current = new ArrayList<>(current);
                    if (segment != null) {
                        current.add(segment);
                    }
                    if (t == JsonToken.START_ARRAY) {
                        arrayIndex.push(0);
                    }
                } else if (t.isStructEnd()) {
                    if (t == JsonToken.END_ARRAY) {
                        arrayIndex.pop();
                    }
                    current = stack.pop();
                }
            }
        }
        return out;
    }
}
