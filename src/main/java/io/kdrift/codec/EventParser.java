package io.kdrift.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kdrift.config.FieldSource;
import io.kdrift.config.LabelMapping;
import io.kdrift.event.EventLimits;
import io.kdrift.event.FeatureValue;
import io.kdrift.event.LabelEvent;
import io.kdrift.event.ParseResult;
import io.kdrift.event.PredictionEvent;
import io.kdrift.event.RejectReason;
import io.kdrift.event.Rejection;
import io.kdrift.event.WholeNumbers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Parses and validates one prediction event (README: "What goes in") with Jackson's streaming parser: no tree, one
 * pass. It never throws on bad input: every record gives an event or a {@link Rejection} with a reason.
 * Thread-safe; one instance serves a whole application.
 */
public final class EventParser {
    /** Latest timestamp accepted: 9999-12-31T23:59:59.999Z. */
    static final long MAX_TIMESTAMP = 253_402_300_799_999L;
    private static final double SUM_TOLERANCE = 1e-3;

    /** Reads a mapped record's tree; its parser comes from {@link #factory}, with the limits. */
    private static final ObjectMapper TREES = new ObjectMapper();
    private final EventLimits limits;
    private final JsonFactory factory;

    public EventParser(EventLimits limits) {
        this.limits = limits;
        this.factory = JsonFactory.builder()
                // read NaN/Infinity so that they get their own reason rather than a generic syntax error
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                // correctly rounded like Double.parseDouble, several times faster (numbers are most of an event)
                .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth())
                        .maxStringLength(Math.max(limits.maxEventBytes(), 1024))
                        .build())
                .build();
    }

    public EventParser() {
        this(EventLimits.DEFAULT);
    }

    /**
     * @param key the record key (the model id when present), may be null
     * @param value the record value
     * @param recordTimestamp the record's timestamp, the event time when the event has none; negative if none
     */
    public ParseResult parse(byte[] key, byte[] value, long recordTimestamp) {
        try {
            return ParseResult.accepted(parseOrThrow(key, value, recordTimestamp));
        } catch (Reject r) {
            return ParseResult.rejected(r.reason, r.getMessage());
        }
    }

    /**
     * A label record (docs/performance.md): {@code {"model": ..., "id": ..., "label": ..., "timestamp": ...}}, the
     * model from the field or else the record key, the time from the field or else the record timestamp. Rejected
     * for the same reasons as an event where they apply, and {@code missing_id} or {@code missing_label}.
     */
    public ParseResult parseLabel(byte[] key, byte[] value, long recordTimestamp) {
        try {
            String keyModel = key == null || key.length == 0 ? null : decodeKey(key);
            Builder b = new Builder();
            readObject(value, p -> readLabelRecord(p, b));
            if (b.requestId == null) {
                throw new Reject(RejectReason.MISSING_ID, "the label has no 'id' (the id of the prediction it is the truth of)");
            }
            if (b.label == null) {
                throw new Reject(RejectReason.MISSING_LABEL, "the label record has no 'label'");
            }
            return ParseResult.accepted(new LabelEvent(b.model(keyModel), b.requestId, b.label, b.time(recordTimestamp)));
        } catch (Reject r) {
            return ParseResult.rejected(r.reason, r.getMessage());
        }
    }

    /**
     * A label record of another shape, read through {@code mapping} (docs/performance.md): each mapped value must be what
     * the same field of kdrift's own label record may be, and is rejected for the same reasons, the pointer named.
     */
    public ParseResult parseLabel(byte[] key, byte[] value, long recordTimestamp, LabelMapping mapping) {
        if (mapping == null) {
            return parseLabel(key, value, recordTimestamp);
        }
        try {
            String keyModel = key == null || key.length == 0 ? null : decodeKey(key);
            Builder b = new Builder();
            readObject(value, p -> {
                p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
                JsonNode record = TREES.readTree(p);
                if (mapping.model() != null && mapping.model().isConstant()) {
                    b.model = mapping.model().constant();
                } else {
                    mapped(record, mapping.model(), (q, v) -> readModel(q, v, b));
                }
                mapped(record, mapping.id(), (q, v) -> b.requestId = readId(q, v));
                mapped(record, mapping.label(), (q, v) -> b.label = readLabel(q, v));
                mapped(record, mapping.timestamp(), (q, v) -> readTimestamp(q, v, b));
            });
            if (b.requestId == null) {
                throw new Reject(RejectReason.MISSING_ID, "the label has no id at " + mapping.id() + " (labels.mapping.id)");
            }
            if (b.label == null) {
                throw new Reject(RejectReason.MISSING_LABEL, "the label record has no label at " + mapping.label() + " (labels.mapping.label)");
            }
            return ParseResult.accepted(new LabelEvent(b.model(keyModel), b.requestId, b.label, b.time(recordTimestamp)));
        } catch (Reject r) {
            return ParseResult.rejected(r.reason, r.getMessage());
        }
    }

    /**
     * A prediction record of another shape, read through {@code shape} (docs/inputs.md): one result per prediction,
     * one per element of its batch array when the mapping has one. Each mapped value must be what the same field of
     * kdrift's own shape may be, and is rejected for the same reasons, the pointer (and element) named. The record key is
     * not read as the model: the mapping names it.
     */
    public List<ParseResult> parseMapped(byte[] value, long recordTimestamp, MappedShape shape) {
        JsonNode[] record = new JsonNode[1];
        try {
            record[0] = tree(value);
        } catch (Reject r) {
            return List.of(ParseResult.rejected(r.reason, r.getMessage()));
        }
        if (shape.batch == null) {
            return List.of(mappedEvent(record[0], record[0], -1, shape, recordTimestamp));
        }
        JsonNode rows = record[0].at(shape.batch);
        if (!rows.isArray() || rows.isEmpty()) {
            return List.of(ParseResult.rejected(RejectReason.NO_SIGNALS, "no predictions: " + shape.batch + " is "
                    + (rows.isMissingNode() ? "missing" : rows.isArray() ? "an empty array" : "not an array") + " (input.mapping)"));
        }
        if (rows.size() > limits.maxEntries()) {
            return List.of(ParseResult.rejected(RejectReason.TOO_MANY_ENTRIES, shape.batch + " has more than " + limits.maxEntries()
                    + " predictions"));
        }
        List<ParseResult> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            out.add(mappedEvent(record[0], rows.get(i), i, shape, recordTimestamp));
        }
        return out;
    }

    /**
     * The JSON object of a record, read within the limits (with duplicate fields refused) as a tree, for the formats
     * that are read by their structure (a mapping, a serving layer's payload); a record that is not one is a {@link Reject}.
     */
    JsonNode tree(byte[] value) {
        JsonNode[] record = new JsonNode[1];
        readObject(value, p -> {
            p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            record[0] = TREES.readTree(p);
        });
        return record[0];
    }

    /**
     * An event of kdrift's own shape given as a tree (a row a serving layer's payload was turned into), read and checked
     * as kdrift's own events are; {@code where} prefixes the reason of a rejection (the format, the row).
     */
    ParseResult row(JsonNode row, long recordTimestamp, String where) {
        return row(row, recordTimestamp, where, false);
    }

    /** The same; {@code modelOptional}: a request that names no model, to be joined with a response that does. */
    ParseResult row(JsonNode row, long recordTimestamp, String where, boolean modelOptional) {
        try {
            Builder b = new Builder();
            read(row, null, (q, v) -> readEvent(q, b));
            return ParseResult.accepted(b.build(null, recordTimestamp, modelOptional));
        } catch (Reject r) {
            return ParseResult.rejected(r.reason, where + ": " + r.getMessage());
        } catch (IOException e) {
            return ParseResult.rejected(RejectReason.INVALID_JSON, where + ": " + e.getMessage());
        }
    }

    /** The prediction of {@code element}, element {@code index} of the batch ({@code -1}: the record is one prediction). */
    private ParseResult mappedEvent(JsonNode record, JsonNode element, int index, MappedShape m, long recordTimestamp) {
        try {
            Builder b = new Builder();
            if (m.constantModel != null) {
                b.model = m.constantModel;
            } else {
                mapped(record, element, index, m.model, (q, v) -> readModel(q, v, b));
                if (b.model == null) {
                    // a mapped record's key is not read for its model: say which pointer found nothing
                    throw new Reject(RejectReason.MISSING_MODEL, "no model at " + m.model.where(index) + " (input.mapping.model)");
                }
            }
            mapped(record, element, index, m.id, (q, v) -> b.requestId = readId(q, v));
            mapped(record, element, index, m.timestamp, (q, v) -> readTimestamp(q, v, b));
            mapped(record, element, index, m.prediction, (q, v) -> readPrediction(q, v, b));
            mapped(record, element, index, m.label, (q, v) -> b.label = readLabel(q, v));
            if (m.probabilities != null) {
                JsonNode probabilities = m.probabilities.at(record, element);
                if (probabilities.isArray()) {
                    probabilities = named(probabilities, m.classes, m.probabilities.where(index));
                }
                read(probabilities, m.probabilities.where(index), (q, v) -> readProbabilities(q, v, b));
            }
            ObjectNode features = TREES.createObjectNode();
            if (m.features != null) {
                JsonNode all = m.features.at(record, element);
                if (!all.isMissingNode() && !all.isNull()) {
                    if (!all.isObject()) {
                        throw new Reject(RejectReason.INVALID_FEATURES, "'features' is not an object (at " + m.features.where(index) + ")");
                    }
                    features.setAll((ObjectNode) all);
                }
            }
            for (Map.Entry<String, MappedShape.Field> f : m.feature.entrySet()) {
                JsonNode v = f.getValue().at(record, element);
                if (!v.isMissingNode()) {
                    features.set(f.getKey(), v);
                }
            }
            if (!features.isEmpty()) {
                read(features, null, (q, v) -> readFeatures(q, v, b));
            }
            return ParseResult.accepted(b.build(null, recordTimestamp, false));
        } catch (Reject r) {
            return ParseResult.rejected(r.reason, index < 0 ? r.getMessage() : "prediction " + index + " of the batch: " + r.getMessage());
        } catch (IOException e) {
            return ParseResult.rejected(RejectReason.INVALID_JSON, String.valueOf(e.getMessage()));
        }
    }

    /** An array of probabilities as kdrift's object of class → probability: the configured classes, or the indexes. */
    private JsonNode named(JsonNode probabilities, List<String> classes, String where) {
        if (classes != null && classes.size() != probabilities.size()) {
            throw new Reject(RejectReason.INVALID_PROBABILITIES, probabilities.size() + " probabilities for " + classes.size()
                    + " classes (at " + where + ")");
        }
        ObjectNode named = TREES.createObjectNode();
        for (int i = 0; i < probabilities.size(); i++) {
            named.set(classes != null ? classes.get(i) : Integer.toString(i), probabilities.get(i));
        }
        return named;
    }

    private static void mapped(JsonNode record, JsonNode element, int index, MappedShape.Field field, FieldReader reader) throws IOException {
        if (field != null) {
            read(field.at(record, element), field.where(index), reader);
        }
    }

    /** Reads {@code node} with {@code field}, a missing node as absent; a rejection names where it was (when from a pointer). */
    private static void read(JsonNode node, String where, FieldReader field) throws IOException {
        if (node.isMissingNode()) {
            return;
        }
        try (JsonParser q = node.traverse()) {
            field.read(q, q.nextToken());
        } catch (Reject r) {
            throw where == null ? r : new Reject(r.reason, r.getMessage() + " (at " + where + ")");
        }
    }

    /** Reads one scalar of kdrift's at {@code source} in {@code record} with {@code field}; absent (or no source) reads nothing. */
    private static void mapped(JsonNode record, FieldSource source, FieldReader field) throws IOException {
        if (source != null) {
            read(record.at(source.pointer()), source.pointer(), field);
        }
    }

    @FunctionalInterface
    private interface FieldReader {
        void read(JsonParser p, JsonToken v) throws IOException;
    }

    private PredictionEvent parseOrThrow(byte[] key, byte[] value, long recordTimestamp) {
        String keyModel = key == null || key.length == 0 ? null : decodeKey(key);
        Builder b = new Builder();
        readObject(value, p -> readEvent(p, b));
        return b.build(keyModel, recordTimestamp, false);
    }

    /**
     * A serving layer's half in kdrift's own shape, as it travels to the join by id: its model may be missing (a request
     * that names none takes its response's: io.kdrift.config.InputSettings#joinsById).
     */
    public ParseResult parseHalf(byte[] value, long recordTimestamp) {
        try {
            Builder b = new Builder();
            readObject(value, p -> readEvent(p, b));
            return ParseResult.accepted(b.build(null, recordTimestamp, true));
        } catch (Reject r) {
            return ParseResult.rejected(r.reason, r.getMessage());
        }
    }

    /** Reads the fields of an object with {@link JsonParser} positioned at its start. */
    @FunctionalInterface
    private interface ObjectReader {
        void read(JsonParser p) throws IOException;
    }

    /** One JSON object in {@code value}, within the limits, read by {@code fields}; every way it can be broken is a rejection. */
    private void readObject(byte[] value, ObjectReader fields) {
        if (value == null || value.length == 0) {
            throw new Reject(RejectReason.EMPTY_RECORD, value == null ? "the record value is null" : "the record value is empty");
        }
        checkSize(value);
        try (JsonParser p = factory.createParser(value)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new Reject(RejectReason.EMPTY_RECORD, "the record holds only white space");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new Reject(RejectReason.NOT_AN_OBJECT, "the JSON value is " + describe(first) + ", not an object");
            }
            fields.read(p);
            if (p.nextToken() != null) {
                throw new Reject(RejectReason.TRAILING_DATA, "data follows the JSON object at byte " + p.currentTokenLocation().getByteOffset());
            }
        } catch (StreamConstraintsException e) {
            String msg = e.getOriginalMessage();
            if (msg.contains("nesting depth")) {
                throw new Reject(RejectReason.TOO_DEEP, "the JSON nests deeper than " + limits.maxDepth() + " levels");
            }
            throw new Reject(RejectReason.OVERSIZE_STRING, msg);
        } catch (InputCoercionException e) {
            throw new Reject(RejectReason.INVALID_JSON, e.getOriginalMessage());
        } catch (JsonParseException e) {
            String msg = e.getOriginalMessage();
            if (msg.startsWith("Duplicate field")) {
                // a mapped record's parser detects them (kdrift's own shapes check their fields as they read them)
                throw new Reject(RejectReason.DUPLICATE_FIELD, firstLine(msg));
            }
            if (msg.contains("Invalid UTF-8") || msg.contains("Invalid UTF8")) {
                throw new Reject(RejectReason.INVALID_UTF8, msg + " at byte " + e.getLocation().getByteOffset());
            }
            throw new Reject(RejectReason.INVALID_JSON, firstLine(msg) + " at byte " + e.getLocation().getByteOffset());
        } catch (JsonProcessingException e) {
            throw new Reject(RejectReason.INVALID_JSON, firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            // CharConversionException and kin: broken multi-byte sequences
            throw new Reject(RejectReason.INVALID_UTF8, String.valueOf(e.getMessage()));
        }
    }

    /** A record larger than limits.maxEventBytes is refused, whatever its format (a batch is one record). */
    void checkSize(byte[] value) {
        if (value.length > limits.maxEventBytes()) {
            throw new Reject(RejectReason.OVERSIZE_RECORD,
                    "the record has " + value.length + " bytes, more than the limit of " + limits.maxEventBytes());
        }
    }

    private void readEvent(JsonParser p, Builder b) throws IOException {
        JsonToken t;
        SeenNames seen = new SeenNames();
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String field = unique(seen, p.currentName(), "the event");
            JsonToken v = p.nextToken();
            switch (field) {
                case "model" -> readModel(p, v, b);
                case "timestamp" -> readTimestamp(p, v, b);
                case "prediction" -> readPrediction(p, v, b);
                case "probabilities" -> readProbabilities(p, v, b);
                case "features" -> readFeatures(p, v, b);
                case "label" -> b.label = readLabel(p, v);
                case "id" -> b.requestId = readId(p, v);
                default -> p.skipChildren(); // unknown fields are allowed (request ids, versions, ...)
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new Reject(RejectReason.INVALID_JSON, "the object is not closed");
        }
    }

    private void readLabelRecord(JsonParser p, Builder b) throws IOException {
        JsonToken t;
        SeenNames seen = new SeenNames();
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String field = unique(seen, p.currentName(), "the label");
            JsonToken v = p.nextToken();
            switch (field) {
                case "model" -> readModel(p, v, b);
                case "id" -> b.requestId = readId(p, v);
                case "label" -> b.label = readLabel(p, v);
                case "timestamp" -> readTimestamp(p, v, b);
                default -> p.skipChildren();
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new Reject(RejectReason.INVALID_JSON, "the object is not closed");
        }
    }

    private static void readModel(JsonParser p, JsonToken v, Builder b) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            b.model = p.getText();
        } else if (v != JsonToken.VALUE_NULL) {
            throw new Reject(RejectReason.INVALID_MODEL, "'model' is " + describe(v) + ", not a string");
        }
    }

    private void readTimestamp(JsonParser p, JsonToken v, Builder b) throws IOException {
        switch (v) {
            case VALUE_NUMBER_INT -> {
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw new Reject(RejectReason.TIMESTAMP_OUT_OF_RANGE, "'timestamp' " + p.getText() + " is out of range");
                }
                b.timestamp = checkRange(p.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                double d = p.getDoubleValue();
                if (!Double.isFinite(d)) {
                    throw new Reject(RejectReason.NON_FINITE_NUMBER, "'timestamp' is " + d);
                }
                if (d < 0 || d > MAX_TIMESTAMP) {
                    throw new Reject(RejectReason.TIMESTAMP_OUT_OF_RANGE, "'timestamp' " + p.getText() + " is out of range");
                }
                b.timestamp = (long) Math.floor(d);
            }
            case VALUE_STRING -> {
                String s = p.getText();
                try {
                    b.timestamp = checkRange(OffsetDateTime.parse(s).toInstant().toEpochMilli());
                } catch (DateTimeParseException | ArithmeticException e) {
                    throw new Reject(RejectReason.INVALID_TIMESTAMP,
                            "'timestamp' \"" + abbreviate(s) + "\" is not ISO-8601 with a zone offset (e.g. 2026-11-22T10:15:30Z)");
                }
            }
            case VALUE_NULL -> {
                // absent: the record timestamp applies
            }
            default -> throw new Reject(RejectReason.INVALID_TIMESTAMP,
                    "'timestamp' is " + describe(v) + ", not epoch milliseconds or an ISO-8601 string");
        }
    }

    private static long checkRange(long ts) {
        if (ts < 0 || ts > MAX_TIMESTAMP) {
            throw new Reject(RejectReason.TIMESTAMP_OUT_OF_RANGE, "'timestamp' " + ts + " is outside 1970..9999");
        }
        return ts;
    }

    private void readPrediction(JsonParser p, JsonToken v, Builder b) throws IOException {
        switch (v) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                b.hasPrediction = true;
                b.predictionNumber = finite(p.getDoubleValue(), "'prediction'");
            }
            case VALUE_STRING -> {
                b.hasPrediction = true;
                b.predictionCategory = boundedString(p.getText(), "'prediction'");
            }
            case VALUE_NULL -> {
            }
            default -> throw new Reject(RejectReason.INVALID_PREDICTION, "'prediction' is " + describe(v) + ", not a number or string");
        }
    }

    private void readProbabilities(JsonParser p, JsonToken v, Builder b) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return;
        }
        if (v != JsonToken.START_OBJECT) {
            throw new Reject(RejectReason.INVALID_PROBABILITIES, "'probabilities' is " + describe(v) + ", not an object");
        }
        List<String> classes = new ArrayList<>();
        double[] probs = new double[8];
        double sum = 0;
        SeenNames seen = new SeenNames();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String cls = unique(seen, boundedString(p.currentName(), "a class name"), "'probabilities'");
            JsonToken t = p.nextToken();
            if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                throw new Reject(RejectReason.INVALID_PROBABILITIES, "probability of '" + cls + "' is " + describe(t) + ", not a number");
            }
            double prob = finite(p.getDoubleValue(), "probability of '" + cls + "'");
            if (prob < 0 || prob > 1) {
                throw new Reject(RejectReason.PROBABILITY_OUT_OF_RANGE, "probability of '" + cls + "' is " + prob + ", outside [0, 1]");
            }
            if (classes.size() == limits.maxEntries()) {
                throw new Reject(RejectReason.TOO_MANY_ENTRIES, "'probabilities' has more than " + limits.maxEntries() + " classes");
            }
            if (classes.size() == probs.length) {
                probs = Arrays.copyOf(probs, probs.length * 2);
            }
            probs[classes.size()] = prob;
            classes.add(cls);
            sum += prob;
        }
        if (classes.isEmpty()) {
            throw new Reject(RejectReason.INVALID_PROBABILITIES, "'probabilities' is empty");
        }
        if (Math.abs(sum - 1) > SUM_TOLERANCE) {
            throw new Reject(RejectReason.PROBABILITIES_NOT_NORMALIZED, "the probabilities sum to " + sum + ", not 1 ± 1e-3");
        }
        b.classes = classes.toArray(new String[0]);
        b.probabilities = Arrays.copyOf(probs, classes.size());
    }

    private void readFeatures(JsonParser p, JsonToken v, Builder b) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return;
        }
        if (v != JsonToken.START_OBJECT) {
            throw new Reject(RejectReason.INVALID_FEATURES, "'features' is " + describe(v) + ", not an object");
        }
        // arrays grown together, cut to size at the end (an event's features are one array each in the event)
        int n = 0;
        String[] names = new String[16];
        FeatureValue[] kinds = new FeatureValue[16];
        double[] numbers = new double[16];
        String[] categories = new String[16];
        SeenNames seen = new SeenNames();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = unique(seen, boundedString(p.currentName(), "a feature name"), "'features'");
            if (name.isEmpty()) {
                throw new Reject(RejectReason.INVALID_FEATURE, "a feature has an empty name");
            }
            if (n == limits.maxEntries()) {
                throw new Reject(RejectReason.TOO_MANY_ENTRIES, "'features' has more than " + limits.maxEntries() + " entries");
            }
            JsonToken t = p.nextToken();
            double number = Double.NaN;
            String category = null;
            FeatureValue kind;
            switch (t) {
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                    kind = FeatureValue.NUMBER;
                    number = finite(p.getDoubleValue(), "feature '" + name + "'");
                }
                case VALUE_STRING -> {
                    kind = FeatureValue.CATEGORY;
                    category = boundedString(p.getText(), "feature '" + name + "'");
                }
                case VALUE_TRUE, VALUE_FALSE -> {
                    kind = FeatureValue.CATEGORY;
                    category = t == JsonToken.VALUE_TRUE ? "true" : "false";
                }
                case VALUE_NULL -> kind = FeatureValue.MISSING;
                default -> throw new Reject(RejectReason.INVALID_FEATURE,
                        "feature '" + name + "' is " + describe(t) + ", not a number, string, boolean or null");
            }
            if (n == names.length) {
                names = Arrays.copyOf(names, n * 2);
                kinds = Arrays.copyOf(kinds, n * 2);
                numbers = Arrays.copyOf(numbers, n * 2);
                categories = Arrays.copyOf(categories, n * 2);
            }
            names[n] = name;
            kinds[n] = kind;
            numbers[n] = number;
            categories[n++] = category;
        }
        b.featureNames = Arrays.copyOf(names, n);
        b.featureKinds = Arrays.copyOf(kinds, n);
        b.featureNumbers = Arrays.copyOf(numbers, n);
        b.featureCategories = Arrays.copyOf(categories, n);
    }

    /** A request id: a string, or an integer taken as its decimal text (as JSON writes it). */
    private String readId(JsonParser p, JsonToken v) throws IOException {
        return switch (v) {
            case VALUE_STRING -> boundedString(p.getText(), "'id'");
            case VALUE_NUMBER_INT -> p.getText();
            case VALUE_NULL -> null;
            default -> throw new Reject(RejectReason.INVALID_ID, "'id' is " + describe(v) + ", not a string or an integer");
        };
    }

    private String readLabel(JsonParser p, JsonToken v) throws IOException {
        return switch (v) {
            case VALUE_STRING -> boundedString(p.getText(), "'label'");
            case VALUE_NUMBER_INT -> p.getText();
            case VALUE_NUMBER_FLOAT -> canonicalNumber(finite(p.getDoubleValue(), "'label'"));
            case VALUE_NULL -> null;
            default -> throw new Reject(RejectReason.INVALID_LABEL, "'label' is " + describe(v) + ", not a string or number");
        };
    }

    /** 1.0 → "1", so that a numeric label matches the class "1" of the probabilities. */
    static String canonicalNumber(double d) {
        if (WholeNumbers.isWhole(d)) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }

    /**
     * Duplicates are rejected in the objects kdrift reads (the event, probabilities, features); inside
     * fields it ignores, they are left alone like the rest of those fields.
     */
    private static String unique(SeenNames seen, String name, String object) {
        if (!seen.add(name)) {
            throw new Reject(RejectReason.DUPLICATE_FIELD, object + " has the field '" + abbreviate(name) + "' twice");
        }
        return name;
    }

    private static double finite(double d, String what) {
        if (!Double.isFinite(d)) {
            throw new Reject(RejectReason.NON_FINITE_NUMBER, what + " is " + d);
        }
        return d;
    }

    private String boundedString(String s, String what) {
        if (s.length() > limits.maxStringLength()) {
            throw new Reject(RejectReason.OVERSIZE_STRING,
                    what + " has " + s.length() + " characters, more than the limit of " + limits.maxStringLength());
        }
        return s;
    }

    private static String decodeKey(byte[] key) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(key)).toString();
        } catch (CharacterCodingException e) {
            throw new Reject(RejectReason.INVALID_UTF8, "the record key is not valid UTF-8");
        }
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.name();
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "…";
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Fields as read; {@link #build} checks what spans several fields. */
    private static final class Builder {
        String model;
        long timestamp = -1;
        boolean hasPrediction;
        double predictionNumber = Double.NaN;
        String predictionCategory;
        String[] classes;
        double[] probabilities;
        String[] featureNames;
        FeatureValue[] featureKinds;
        double[] featureNumbers;
        String[] featureCategories;
        String label;
        /** The prediction's own id (field "id"), not the model id. */
        String requestId;

        /** A label's model: its 'model' field, else the record key (label topics are often keyed by prediction id). */
        String model(String keyModel) {
            String id = model != null ? model : keyModel;
            if (id == null) {
                throw new Reject(RejectReason.MISSING_MODEL, "the label has no 'model' and the record no key");
            }
            if (!PredictionEvent.isValidModelId(id)) {
                throw new Reject(RejectReason.INVALID_MODEL, "model id \"" + abbreviate(id) + "\" is not 1-128 characters of [A-Za-z0-9._:-]");
            }
            return id;
        }

        long time(long recordTimestamp) {
            long ts = timestamp >= 0 ? timestamp : recordTimestamp;
            if (ts < 0) {
                throw new Reject(RejectReason.MISSING_TIMESTAMP, "no 'timestamp' and the record none to fall back on");
            }
            return ts;
        }

        PredictionEvent build(String keyModel, long recordTimestamp, boolean modelOptional) {
            String id = keyModel != null ? keyModel : model;
            if (id == null && !modelOptional) {
                throw new Reject(RejectReason.MISSING_MODEL, "the record has no key and no 'model' field");
            }
            if (id != null && !PredictionEvent.isValidModelId(id)) {
                throw new Reject(RejectReason.INVALID_MODEL,
                        "model id \"" + abbreviate(id) + "\" is not 1-128 characters of [A-Za-z0-9._:-]");
            }
            if (keyModel != null && model != null && !keyModel.equals(model)) {
                throw new Reject(RejectReason.MODEL_MISMATCH,
                        "the record key is \"" + keyModel + "\" but 'model' is \"" + abbreviate(model) + "\"");
            }
            long ts = time(recordTimestamp);
            boolean hasFeatures = featureNames != null && featureNames.length > 0;
            if (!hasPrediction && classes == null && !hasFeatures) {
                throw new Reject(RejectReason.NO_SIGNALS, "none of 'prediction', 'probabilities', 'features' is present");
            }
            return new PredictionEvent(id, requestId, ts, hasPrediction, predictionNumber, predictionCategory, classes,
                    probabilities, hasFeatures ? featureNames : null, featureKinds, featureNumbers, featureCategories, label);
        }
    }

    /** Control flow for a rejection; no stack trace, since bad input is expected, not exceptional. */
    static final class Reject extends RuntimeException {
        final RejectReason reason;

        Reject(RejectReason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }
}
