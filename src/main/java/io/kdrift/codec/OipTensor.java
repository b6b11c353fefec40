package io.kdrift.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.ByteString;
import io.kdrift.codec.oip.GrpcPredictV2.InferTensorContents;
import io.kdrift.event.RejectReason;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One tensor of an Open Inference Protocol request or response, as JSON or protobuf carry it: its name, datatype,
 * shape and its elements flattened in row-major order, each a JSON value (a number, a string for BYTES, a boolean).
 * The first dimension is the batch: the tensor has {@link #rows()} rows of {@link #width()} elements.
 */
record OipTensor(String name, String datatype, long[] shape, List<JsonNode> data) {
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    /** Rows: the first dimension (a tensor of no dimension is one row). */
    int rows() {
        return shape.length == 0 ? 1 : (int) shape[0];
    }

    /** Elements per row. */
    int width() {
        long w = 1;
        for (int i = 1; i < shape.length; i++) {
            w *= shape[i];
        }
        return (int) w;
    }

    JsonNode at(int row, int column) {
        return data.get(row * width() + column);
    }

    /** A tensor whose shape and data agree, or a rejection naming it ({@code where}: the format and the tensor's place). */
    static OipTensor checked(String name, String datatype, long[] shape, List<JsonNode> data, String where) {
        long size = 1;
        for (long d : shape) {
            if (d < 0) {
                throw reject(where + " '" + name + "' has shape " + java.util.Arrays.toString(shape) + ": a dimension is negative");
            }
            size = Math.multiplyExact(size, d);
        }
        if (size != data.size()) {
            throw reject(where + " '" + name + "' has " + data.size() + " values for shape " + java.util.Arrays.toString(shape)
                    + " (" + size + ")");
        }
        if (shape.length > 2) {
            throw reject(where + " '" + name + "' has " + shape.length + " dimensions: kdrift reads tables, a row per prediction ([N] or [N, k])");
        }
        return new OipTensor(name, datatype, shape, data);
    }

    /** A tensor of the JSON protocol: {@code {name, shape, datatype, data}}, data flat or nested, row-major. */
    static OipTensor fromJson(JsonNode t, String where) {
        if (!t.isObject()) {
            throw reject(where + " is not an object");
        }
        String name = t.path("name").asText(null);
        if (name == null || !t.path("name").isTextual()) {
            throw reject(where + " has no 'name'");
        }
        String datatype = t.path("datatype").asText("");
        JsonNode shapeNode = t.path("shape");
        if (!shapeNode.isArray()) {
            throw reject(where + " '" + name + "' has no 'shape' array");
        }
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!shapeNode.get(i).canConvertToLong()) {
                throw reject(where + " '" + name + "' has a shape that is not a list of integers");
            }
            shape[i] = shapeNode.get(i).asLong();
        }
        JsonNode dataNode = t.path("data");
        if (!dataNode.isArray()) {
            throw reject(where + " '" + name + "' has no 'data' array");
        }
        List<JsonNode> flat = new ArrayList<>();
        flatten(dataNode, flat);
        return checked(name, datatype, shape, flat, where);
    }

    private static void flatten(JsonNode node, List<JsonNode> into) {
        for (JsonNode e : node) {
            if (e.isArray()) {
                flatten(e, into);
            } else {
                into.add(e);
            }
        }
    }

    /** A tensor of the protobuf protocol: its typed {@code contents}, or its raw little-endian bytes when {@code raw} is not null. */
    static OipTensor fromProtobuf(String name, String datatype, List<Long> shapeList, InferTensorContents contents, ByteString raw, String where) {
        long[] shape = shapeList.stream().mapToLong(Long::longValue).toArray();
        List<JsonNode> data = raw != null ? fromRaw(name, datatype, raw, where) : fromContents(name, datatype, contents, where);
        return checked(name, datatype, shape, data, where);
    }

    private static List<JsonNode> fromContents(String name, String datatype, InferTensorContents c, String where) {
        List<JsonNode> out = new ArrayList<>();
        switch (datatype) {
            case "BOOL" -> c.getBoolContentsList().forEach(b -> out.add(BooleanNode.valueOf(b)));
            case "INT8", "INT16", "INT32" -> c.getIntContentsList().forEach(i -> out.add(LongNode.valueOf(i)));
            case "INT64" -> c.getInt64ContentsList().forEach(i -> out.add(LongNode.valueOf(i)));
            case "UINT8", "UINT16", "UINT32" -> c.getUintContentsList().forEach(i -> out.add(LongNode.valueOf(Integer.toUnsignedLong(i))));
            case "UINT64" -> c.getUint64ContentsList().forEach(i -> out.add(unsigned64(i)));
            case "FP32" -> c.getFp32ContentsList().forEach(f -> out.add(DoubleNode.valueOf(f)));
            case "FP64" -> c.getFp64ContentsList().forEach(d -> out.add(DoubleNode.valueOf(d)));
            case "BYTES" -> c.getBytesContentsList().forEach(b -> out.add(TextNode.valueOf(b.toStringUtf8())));
            default -> throw reject(where + " '" + name + "' has datatype " + quoted(datatype)
                    + " without raw contents (FP16 and BF16 travel only as raw contents)");
        }
        return out;
    }

    private static List<JsonNode> fromRaw(String name, String datatype, ByteString raw, String where) {
        ByteBuffer b = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        int size = switch (datatype) {
            case "BOOL", "INT8", "UINT8" -> 1;
            case "INT16", "UINT16", "FP16", "BF16" -> 2;
            case "INT32", "UINT32", "FP32" -> 4;
            case "INT64", "UINT64", "FP64" -> 8;
            case "BYTES" -> 0;
            default -> throw reject(where + " '" + name + "' has datatype " + quoted(datatype) + ", not one of the protocol's");
        };
        List<JsonNode> out = new ArrayList<>();
        if (size == 0) {
            while (b.hasRemaining()) {
                if (b.remaining() < 4) {
                    throw reject(where + " '" + name + "': raw BYTES end within an element's 4-byte length");
                }
                int length = b.getInt();
                if (length < 0 || length > b.remaining()) {
                    throw reject(where + " '" + name + "': raw BYTES element of " + Integer.toUnsignedString(length)
                            + " bytes, " + b.remaining() + " left");
                }
                byte[] bytes = new byte[length];
                b.get(bytes);
                out.add(TextNode.valueOf(new String(bytes, StandardCharsets.UTF_8)));
            }
            return out;
        }
        if (b.remaining() % size != 0) {
            throw reject(where + " '" + name + "': " + b.remaining() + " raw bytes are not a whole number of " + datatype + " elements");
        }
        while (b.hasRemaining()) {
            out.add(switch (datatype) {
                case "BOOL" -> BooleanNode.valueOf(b.get() != 0);
                case "INT8" -> LongNode.valueOf(b.get());
                case "UINT8" -> LongNode.valueOf(Byte.toUnsignedLong(b.get()));
                case "INT16" -> LongNode.valueOf(b.getShort());
                case "UINT16" -> LongNode.valueOf(Short.toUnsignedLong(b.getShort()));
                case "FP16" -> DoubleNode.valueOf(half(b.getShort()));
                case "BF16" -> DoubleNode.valueOf(Float.intBitsToFloat((b.getShort() & 0xffff) << 16));
                case "INT32" -> LongNode.valueOf(b.getInt());
                case "UINT32" -> LongNode.valueOf(Integer.toUnsignedLong(b.getInt()));
                case "FP32" -> DoubleNode.valueOf(b.getFloat());
                case "INT64" -> LongNode.valueOf(b.getLong());
                case "UINT64" -> unsigned64(b.getLong());
                default -> DoubleNode.valueOf(b.getDouble());
            });
        }
        return out;
    }

    private static JsonNode unsigned64(long v) {
        return v >= 0 ? LongNode.valueOf(v) : DoubleNode.valueOf(BigInteger.valueOf(v).add(TWO_64).doubleValue());
    }

    /** IEEE 754 half precision (binary16) to a double. */
    static double half(short bits) {
        int sign = (bits >> 15) & 1;
        int exponent = (bits >> 10) & 0x1f;
        int fraction = bits & 0x3ff;
        double value;
        if (exponent == 0) {
            value = fraction * Math.pow(2, -24);
        } else if (exponent == 31) {
            value = fraction == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else {
            value = (1 + fraction / 1024.0) * Math.pow(2, exponent - 15);
        }
        return sign == 1 ? -value : value;
    }

    private static String quoted(String s) {
        return "\"" + s + "\"";
    }

    static EventParser.Reject reject(String detail) {
        return new EventParser.Reject(RejectReason.INVALID_TENSOR, detail);
    }
}
