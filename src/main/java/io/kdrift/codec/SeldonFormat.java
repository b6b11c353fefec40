package io.kdrift.codec;

import io.kdrift.config.InputSettings;
import io.kdrift.event.InferencePart;
import io.kdrift.event.RejectReason;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seldon Core v2's model topics ({@code format: seldon}): OIP requests and responses, protobuf by default, the model and
 * the part said by the topic's name, or the gateway's header.
 */
final class SeldonFormat extends ServingFormat {
    /** Seldon Core v2's topics: {@code <prefix>.<namespace>.model.<model>.inputs|outputs}. */
    private static final Pattern SELDON_TOPIC = Pattern.compile(".*\\.model\\.([^.]+)\\.(inputs|outputs)");
    /** The header in which Seldon's gateway says a record's encoding and part. */
    static final String SELDON_TYPE_HEADER = "seldon-infer-type";

    SeldonFormat(EventParser parser, InputSettings input) {
        super(parser, input);
    }

    @Override
    Read half(InputRecord source) {
        Matcher m = SELDON_TOPIC.matcher(source.topic() == null ? "" : source.topic());
        if (!m.matches()) {
            throw new EventParser.Reject(RejectReason.INVALID_ENVELOPE, "seldon: topic " + source.topic()
                    + " is not <prefix>.<namespace>.model.<model>.inputs|outputs, which says the model and the part");
        }
        InferencePart part = m.group(2).equals("inputs") ? InferencePart.REQUEST : InferencePart.RESPONSE;
        String encoding = input.encoding();
        // Seldon's gateway says what a record is in a header: json/inferModelRequest, proto/InferModelResponse, ...
        String type = source.header(SELDON_TYPE_HEADER);
        if (type != null) {
            int slash = type.indexOf('/');
            String kind = slash < 0 ? "" : type.substring(slash + 1).toLowerCase(java.util.Locale.ROOT);
            encoding = type.startsWith("json/") ? InputSettings.JSON : type.startsWith("proto/") ? InputSettings.PROTOBUF : null;
            part = kind.equals("infermodelrequest") ? InferencePart.REQUEST : kind.equals("infermodelresponse") ? InferencePart.RESPONSE : null;
            if (encoding == null || part == null) {
                throw new EventParser.Reject(RejectReason.INVALID_ENVELOPE, "seldon: header " + SELDON_TYPE_HEADER + " \"" + type
                        + "\" is not json|proto/inferModelRequest|Response");
            }
        }
        return oip(source.value(), source, part, m.group(1), source.keyText(), encoding);
    }

}
